import { html, type SafeHtml } from '../pages/html.ts'
import { ADVISOR_COPY } from './copy.ts'
import { ADVISOR_HOME, advisorFooter, advisorHead, advisorHome } from './layout.ts'

/**
 * The pages behind the one-click link in advisor mail (GET|POST /actions/{token}), in the workspace's dress: they are
 * for MAR staff, not for the public. Advisors are Dutch-speaking MAR staff reading mail on a phone: short Dutch text,
 * one big button, and a way on to the case in the workspace. A GET only shows the confirmation (mail scanners follow
 * links); the button POSTs to the same address. No script: these pages work as they are.
 */

/** The workspace's case page for a reference (the same origin serves both). */
export function caseHref(reference: string): string {
  return `/advisor/cases/${encodeURIComponent(reference)}`
}

function renderLinkPageLayout(options: { title: string; main: SafeHtml }): string {
  const copy = ADVISOR_COPY
  return `<!doctype html>\n${html`<html lang="nl">
<head>
${advisorHead(options.title)}
</head>
<body class="rotterdam-theme advisor">
<a class="skip-link" href="#main">${copy.skipLink}</a>
<header class="site-header">
  <div class="site-header__bar">
    <div class="site-header__inner advisor-header">
      ${advisorHome()}
    </div>
  </div>
</header>
<main id="main" class="page" tabindex="-1">
<div class="page__inner action-link">
${options.main}
</div>
</main>
${advisorFooter()}
</body>
</html>
`}`
}

export interface ActionConfirmOptions {
  reference: string
  /** Relative form action: the link's own path. */
  actionPath: string
}

export function renderActionConfirmPage(options: ActionConfirmOptions): string {
  return renderLinkPageLayout({
    title: `Ontvangst bevestigen – ${options.reference} – MAR-werkplek`,
    main: html`<h1 class="page__title">Ontvangst bevestigen</h1>
<p>U bevestigt dat u melding <strong class="action-link__reference">${options.reference}</strong> in behandeling neemt. De deadline voor bevestigen stopt dan.</p>
<form method="post" action="${options.actionPath}">
<button type="submit" class="button button--primary">Ontvangst bevestigen</button>
</form>
<p class="action-link__case"><a href="${caseHref(options.reference)}">Melding ${options.reference} openen in de werkplek</a> (zonder te bevestigen)</p>`,
  })
}

export interface ActionDoneOptions {
  reference: string
  /** `acknowledged`: this click did it; `already`: it was acknowledged, answered or closed before. */
  outcome: 'acknowledged' | 'already'
}

export function renderActionDonePage(options: ActionDoneOptions): string {
  const text =
    options.outcome === 'acknowledged'
      ? 'De ontvangst is bevestigd. Dank u wel.'
      : 'Deze melding was al bevestigd. Er is niets veranderd.'
  return renderLinkPageLayout({
    title: `Bevestigd – ${options.reference} – MAR-werkplek`,
    main: html`<h1 class="page__title" tabindex="-1">Melding ${options.reference}</h1>
<p class="notice notice--success" role="status">${text}</p>
<p><a class="button button--primary" href="${caseHref(options.reference)}">Melding openen in de werkplek</a></p>`,
  })
}

export interface ActionInvalidOptions {
  reason: 'malformed' | 'forged' | 'expired' | 'revoked' | 'not-permitted' | 'not-found' | 'cross-site'
}

export function renderActionInvalidPage(options: ActionInvalidOptions): string {
  const text = {
    malformed: 'Deze link is onvolledig of beschadigd. Open de link opnieuw vanuit de e-mail.',
    forged: 'Deze link is niet geldig. Open de link opnieuw vanuit de e-mail.',
    expired: 'Deze link is verlopen (links zijn 14 dagen geldig). Bevestig de melding via MAR Intake.',
    revoked:
      'Deze link is ingetrokken: de melding is gesloten of aan een ander toegewezen. Open de melding via MAR Intake.',
    'not-permitted':
      'U kunt deze melding niet (meer) met deze link bevestigen: u staat niet in het rooster, of de melding is niet aan u toegewezen. Open de melding via MAR Intake.',
    'not-found': 'Deze melding bestaat niet (meer).',
    'cross-site': 'Deze bevestiging kwam van een andere website. Open de link opnieuw vanuit de e-mail.',
  }[options.reason]
  return renderLinkPageLayout({
    title: 'Link niet bruikbaar – MAR-werkplek',
    main: html`<h1 class="page__title">Deze link werkt niet</h1>
<p>${text}</p>
<p><a class="button button--secondary" href="${ADVISOR_HOME}">Naar de werkplek</a></p>`,
  })
}

/** Something failed on our side (storage unavailable …): nothing was confirmed. */
export function renderActionFailedPage(): string {
  return renderLinkPageLayout({
    title: 'Er ging iets mis – MAR-werkplek',
    main: html`<h1 class="page__title">Er ging iets mis</h1>
<p>Er ging iets mis aan onze kant; de ontvangst is niet bevestigd. Probeer het over een paar minuten opnieuw met de link in de e-mail, of open de melding in de werkplek.</p>
<p><a class="button button--secondary" href="${ADVISOR_HOME}">Naar de werkplek</a></p>`,
  })
}
