import type { Lang } from './copy.ts'
import { renderErrorPage } from './error-page.ts'

const MESSAGE: Record<Lang, (seconds: number) => string> = {
  nl: (seconds) =>
    `Er zijn kort na elkaar veel vragen verstuurd. Probeer het over ${seconds} ${seconds === 1 ? 'seconde' : 'seconden'} opnieuw.`,
  en: (seconds) =>
    `Many requests were sent in a short time. Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
}

/** The page a form post gets when the route's throttle turned it away: try again in N seconds, in its language. */
export function renderThrottledPage(options: { lang: Lang; retryAfterSeconds: number }): string {
  return renderErrorPage({ lang: options.lang, status: 429, message: MESSAGE[options.lang](options.retryAfterSeconds) })
}
