/**
 * Feeds every `*.eml` of a folder through the local SMTP intake, as a mail server would deliver it, and checks what a
 * careful help desk must guarantee for each: the stack keeps answering, the message is answered 250 (or refused with
 * a clean 5xx), every accepted message is a case (none lost), and automatic mail — bounces, delivery and abuse (ARF)
 * reports, out-of-office, list and noreply mail — gets no automatic answer.
 *
 *   npx tsx test/corpus/mail-peers.ts ../shared/corpus/mail-peers
 *
 * One line per message, then `mail-peers: N passed, N failed`; exits 1 on any failure. Not part of `npm test`: the
 * corpus lives outside the repository (.ci/run runs this when the folder exists).
 */
import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type LocalStack, startLocalStack } from '../../local/stack.ts'
import { envelopeSenderOf, type SmtpAnswer, sendRaw } from '../support/smtp-client.ts'

const PREFIX = 'mail-peers:'
/** A Monday morning: each case is routed to the advisor on duty at once. */
const CLOCK_START = new Date('2026-12-07T10:00:00+01:00')
const ROSTER = new URL('../../config/roster.example.json', import.meta.url)

interface Check {
  file: string
  problems: string[]
  notes: string[]
}

async function main(): Promise<number> {
  const folder = process.argv[2]
  if (folder === undefined) {
    console.error(`${PREFIX} usage: npx tsx test/corpus/mail-peers.ts <folder with .eml files>`)
    return 2
  }
  const files = (await readdir(folder)).filter((name) => name.toLowerCase().endsWith('.eml')).sort()
  if (files.length === 0) {
    console.log(`${PREFIX} no .eml files in ${folder}`)
    console.log(`${PREFIX} 0 passed, 1 failed`)
    return 1
  }
  const roster = JSON.parse(await readFile(ROSTER, 'utf8')) as { advisors: Array<{ email: string }> }
  const staff = new Set(roster.advisors.map((advisor) => advisor.email.toLowerCase()))

  const stack = await startLocalStack({ port: 0, smtpPort: 0, logLevel: 'ERROR', clockStart: CLOCK_START })
  const api = localApi(stack)
  const checks: Check[] = []
  const filedIds = new Map<string, string>()
  try {
    const token = await api.token('adv-03')
    for (const file of files) {
      const check: Check = { file, problems: [], notes: [] }
      checks.push(check)
      try {
        await feed(join(folder, file), check, { stack, api, token, staff, filedIds })
      } catch (error) {
        check.problems.push(`check failed: ${error instanceof Error ? error.message : String(error)}`)
      }
      const status = check.problems.length === 0 ? 'ok  ' : 'FAIL'
      console.log(`${PREFIX} ${status} ${file}  ${[...check.notes, ...check.problems].join('; ')}`)
    }
  } finally {
    await stack.stop()
  }

  const failed = checks.filter((check) => check.problems.length > 0).length
  console.log(`${PREFIX} ${checks.length - failed} passed, ${failed} failed`)
  return failed > 0 ? 1 : 0
}

interface FeedContext {
  stack: LocalStack
  api: ReturnType<typeof localApi>
  token: string
  /** The roster's addresses: mail to them is MAR's own (notifications), not an answer to a sender. */
  staff: Set<string>
  /**
   * What was filed in this run, by Message-ID and by a hash of the bytes: a second delivery of the same message (two
   * corpus files may be one message) is a duplicate, filed once, not a lost message.
   */
  filedIds: Map<string, string>
}

/** Sends one message and records what is wrong with how it was handled. */
async function feed(path: string, check: Check, { stack, api, token, staff, filedIds }: FeedContext) {
  const raw = await readFile(path)
  const automatic = automaticBy(raw)
  const messageId = headerOf(raw, 'message-id')
    ?.match(/<([^<>]+)>/)?.[1]
    ?.toLowerCase()
  const identities = [
    `bytes:${createHash('sha256').update(raw).digest('hex')}`,
    ...(messageId ? [`id:${messageId}`] : []),
  ]
  const filedBefore = identities.map((identity) => filedIds.get(identity)).find((reference) => reference !== undefined)
  const casesBefore = new Set(await api.openCases(token))
  const mailBefore = (await api.mail()).length

  let answer: SmtpAnswer
  try {
    answer = await sendRaw(stack.smtpPort, raw, { from: envelopeSenderOf(raw, 'peer@corpus.example') })
  } catch (error) {
    check.problems.push(`no SMTP answer (${error instanceof Error ? error.message : String(error)})`)
    answer = { code: 0, response: '', accepted: [], rejected: [], rejectedCodes: [] }
  }
  await api.settle()
  if (!(await api.healthy())) check.problems.push('the stack stopped answering /health')
  const opened = (await api.openCases(token)).filter((reference) => !casesBefore.has(reference))
  const newMail = (await api.mail()).slice(mailBefore)
  const outside = newMail.filter((mail) => mail.to.some((address) => !staff.has(address.toLowerCase())))

  check.notes.push(String(answer.code || 'no answer'))
  if (answer.code >= 500 && answer.code < 600) {
    check.notes.push(`refused: ${answer.response.slice(0, 80)}`)
    if (opened.length > 0) check.problems.push(`refused, yet cases ${opened.join(', ')} appeared`)
  } else if (answer.code !== 250) {
    check.problems.push(`answered ${answer.response || 'nothing'}, not 250 or a clean 5xx`)
  } else if (opened.length === 1) {
    const reference = opened[0] as string
    const stored = await api.devCase(reference)
    check.notes.push(reference)
    if (stored?.channel !== 'email') check.problems.push(`${reference} is not an e-mail case`)
    for (const identity of identities) filedIds.set(identity, reference)
    const noAutoReply = stored?.mail?.noAutoReply
    if (automatic !== undefined) {
      check.notes.push(`automatic (${automatic}), no answer: ${noAutoReply ?? 'NOT MARKED'}`)
      if (noAutoReply === undefined) check.problems.push('automatic mail not marked as getting no automatic reply')
    }
    const expected = noAutoReply === undefined ? [`[${reference}] Uw vraag aan MAR is ontvangen`] : []
    const sent = outside.map((mail) => mail.subject)
    if (JSON.stringify(sent) !== JSON.stringify(expected)) {
      check.problems.push(`mail outside MAR: ${JSON.stringify(sent)}, expected ${JSON.stringify(expected)}`)
    }
  } else if (opened.length === 0 && filedBefore !== undefined) {
    check.notes.push(`duplicate of ${filedBefore}`)
    if (outside.length > 0) check.problems.push('a duplicate was answered')
  } else {
    check.problems.push(`accepted, but ${opened.length} new cases (${opened.join(', ') || 'lost'})`)
  }
  if (automatic !== undefined && outside.length > 0) {
    check.problems.push(
      `automatic mail (${automatic}) got an answer: ${outside.map((mail) => mail.subject).join(' | ')}`,
    )
  }
}

/** The local stack over HTTP, as a developer drives it. */
function localApi(stack: LocalStack) {
  const json = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${stack.url}${path}`, init)
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}`)
    return response.json() as Promise<unknown>
  }
  const post = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return {
    token: async (advisorId: string) => ((await json('/_dev/token', post({ advisorId }))) as { token: string }).token,
    /** Open cases, as a coordinator lists them in the workspace. */
    openCases: async (token: string) =>
      (
        (await json('/api/advisor/cases', { headers: { authorization: `Bearer ${token}` } })) as {
          cases: Array<{ reference: string }>
        }
      ).cases.map((entry) => entry.reference),
    mail: async () => (await json('/_dev/mail')) as Array<{ to: string[]; subject: string }>,
    devCase: async (reference: string) =>
      (await json(`/_dev/cases/${reference}`)) as { channel?: string; mail?: { noAutoReply?: string } } | undefined,
    /** Until the workflows the message set off have routed and mailed (the dev clock's guarantee). */
    settle: async () => {
      await json('/_dev/clock', post({ advance: 'PT0S' }))
    },
    healthy: async () => {
      try {
        return (await fetch(`${stack.url}/health`)).status === 200
      } catch {
        return false
      }
    },
  }
}

/** The top-level header section, unfolded (names lower-cased), read apart from the parser under test. */
function headersOf(raw: Buffer): Array<[string, string]> {
  const text = raw.subarray(0, 256 * 1024).toString('latin1')
  const end = text.search(/\r?\n\r?\n/)
  const section = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ')
  return section.split(/\r?\n/).flatMap((line): Array<[string, string]> => {
    const colon = line.indexOf(':')
    return colon > 0 ? [[line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]] : []
  })
}

function headerOf(raw: Buffer, name: string): string | undefined {
  return headersOf(raw).find(([key]) => key === name)?.[1]
}

/**
 * Why a message is automatic mail that must get no automatic answer (RFC 3834 and the design's list), by an oracle
 * of its own: reports (delivery status, disposition, ARF abuse), Auto-Submitted other than `no`, Precedence
 * bulk/junk/list, List-*, X-Autoreply/X-Autorespond, MAILER-DAEMON/postmaster/noreply senders, an empty return path.
 */
function automaticBy(raw: Buffer): string | undefined {
  const headers = headersOf(raw)
  const values = (name: string) => headers.filter(([key]) => key === name).map(([, value]) => value.toLowerCase())
  const address = (value: string | undefined) =>
    (/<([^<>]*)>/.exec(value ?? '')?.[1] ?? value ?? '').trim().toLowerCase()
  const contentType = values('content-type')[0] ?? ''
  if (/^multipart\/report\b/.test(contentType))
    return `report (${/report-type=([\w-]+)/.exec(contentType)?.[1] ?? '?'})`
  if (values('auto-submitted').some((value) => !/^no\b/.test(value))) return 'auto-submitted'
  if (values('precedence').some((value) => /^(bulk|junk|list)\b/.test(value))) return 'precedence'
  if (headers.some(([key]) => key.startsWith('list-'))) return 'list'
  if (headers.some(([key]) => key === 'x-autoreply' || key === 'x-autorespond')) return 'x-autoreply'
  const system = /^(mailer-?daemon|postmaster|no-?reply|do-?not-?reply)(\+|@)/
  const from = /([^\s<>"@]+@[^\s<>"@]+)/.exec(values('from')[0] ?? '')?.[1]?.toLowerCase() ?? ''
  const returnPath = values('return-path')[0]
  if (system.test(from) || (returnPath !== undefined && system.test(address(returnPath)))) return 'system sender'
  if (returnPath !== undefined && address(returnPath) === '') return 'empty return path'
  return undefined
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`${PREFIX} crashed: ${error instanceof Error ? error.stack : String(error)}`)
    console.log(`${PREFIX} 0 passed, 1 failed`)
    process.exit(1)
  },
)
