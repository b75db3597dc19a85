/**
 * The shape of an e-mail address people type — in the web form, the phone intake and the roster — without quotes or
 * IP literals; the domain needs a dot and a TLD. (Addresses read from incoming mail are another matter: the MIME
 * parser keeps any `local@domain` a mail client wrote.)
 */
const EMAIL_ADDRESS =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/

export function isEmailAddress(value: string): boolean {
  return EMAIL_ADDRESS.test(value)
}
