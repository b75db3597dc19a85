/**
 * What the public pages say about MAR itself, from the configuration (lib/config.ts `marPhone`, `intakeAddress`,
 * `workflow.timeZone`): the static pages are built with it (web/site.ts), and the functions that answer a form post
 * with a page (submit, follow-up) get it from their environment. No imports: the browser bundle reads the phone
 * helper below.
 */
export interface PublicSiteSettings {
  /** MAR's own phone number, as people read it, e.g. `06 - 23 66 03 86`. */
  marPhone: string
  /** The mailbox requesters write to (the intake address). */
  intakeAddress: string
  /** The business calendar's zone: answer dates and times on the pages are in it. */
  timeZone: string
}

/** The default of `marPhone` in lib/config.ts. */
export const DEFAULT_MAR_PHONE = '06 - 23 66 03 86'
/** The default of `intakeAddress` in lib/config.ts. */
export const DEFAULT_INTAKE_ADDRESS = 'mar_bsd@rotterdam.nl'

/**
 * The configuration's defaults: for the pages that are made where no configuration reaches (the throttled page at the
 * edge, which Lambda@Edge runs without an environment) and in tests.
 */
export const DEFAULT_SITE_SETTINGS: PublicSiteSettings = Object.freeze({
  marPhone: DEFAULT_MAR_PHONE,
  intakeAddress: DEFAULT_INTAKE_ADDRESS,
  timeZone: 'Europe/Amsterdam',
})

/** The part of the functions' settings (functions/platform/platform.ts) the pages show. */
export function publicSiteSettings(settings: { marPhone: string; intakeAddress: string; timeZone: string }) {
  return { marPhone: settings.marPhone, intakeAddress: settings.intakeAddress, timeZone: settings.timeZone }
}

/** A phone number as people write it (`06 - 23 66 03 86`, `0900-8844`, `+31 10 …`) → `tel:0623660386`. */
export function telHref(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '')
  return `tel:${digits.startsWith('+') ? `+${digits.slice(1).replaceAll('+', '')}` : digits.replaceAll('+', '')}`
}

/** How the pages write an answer date: the acknowledgement mail's own format ("dinsdag 8 december om 12:30"). */
export function answerDateFormat(lang: 'nl' | 'en', timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** A time of day ("18:42"), for "try again after". */
export function timeOfDayFormat(lang: 'nl' | 'en', timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { timeZone, hour: '2-digit', minute: '2-digit' })
}
