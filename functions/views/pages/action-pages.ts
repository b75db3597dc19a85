import { html } from './html.ts'
import { renderLayout } from './layout.ts'

/**
 * The pages behind the one-click link in advisor mail. Advisors are Dutch-speaking MAR staff reading mail on a
 * phone: short Dutch text, one big button. A GET only shows the confirmation (mail scanners follow links); the
 * button POSTs to the same address.
 */
export interface ActionConfirmOptions {
  reference: string
  /** Relative form action: the link's own path. */
  actionPath: string
}

export function renderActionConfirmPage(options: ActionConfirmOptions): string {
  return renderLayout({
    lang: 'nl',
    title: `Ontvangst bevestigen – ${options.reference} – MAR Rotterdam`,
    main: html`<div class="page__inner">
<h1 class="page__title">Ontvangst bevestigen</h1>
<p>U bevestigt dat u melding <strong>${options.reference}</strong> in behandeling neemt. De deadline voor bevestigen stopt dan.</p>
<form method="post" action="${options.actionPath}">
<button type="submit" class="button button--primary">Ontvangst bevestigen</button>
</form>
</div>`,
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
  return renderLayout({
    lang: 'nl',
    title: `Bevestigd – ${options.reference} – MAR Rotterdam`,
    main: html`<div class="page__inner">
<h1 class="page__title" tabindex="-1">Melding ${options.reference}</h1>
<p role="status">${text}</p>
</div>`,
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
  return renderLayout({
    lang: 'nl',
    title: 'Link niet bruikbaar – MAR Rotterdam',
    main: html`<div class="page__inner">
<h1 class="page__title">Deze link werkt niet</h1>
<p>${text}</p>
</div>`,
  })
}
