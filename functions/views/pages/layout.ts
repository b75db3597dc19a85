import { COPY, HOME, type Lang } from './copy.ts'
import { escapeHtml, html, raw, type SafeHtml } from './html.ts'
import { DEFAULT_SITE_SETTINGS, type PublicSiteSettings, telHref } from './site-settings.ts'

export interface LayoutOptions {
  lang: Lang
  title: string
  description?: string
  main: SafeHtml
  /** Inert markup form.js clones (confirmation, messages); never rendered visibly. */
  templates?: SafeHtml
  /** This page in each language, for the language switch; the form by default. */
  paths?: Record<Lang, string>
  /** MAR's phone number and address (the configuration); its defaults where none reaches (the edge). */
  site?: PublicSiteSettings
}

/** The emergency numbers the pages name: each one a tap-to-call link wherever it appears in a text. */
export const EMERGENCY_NUMBERS = ['112', '0900-8844'] as const

/** A tap-to-call link; the number never breaks over two lines. */
export function phoneLink(phone: string): SafeHtml {
  return html`<a class="phone-link" href="${telHref(phone)}">${phone}</a>`
}

export function mailLink(address: string): SafeHtml {
  return html`<a class="mail-link" href="mailto:${address}">${address}</a>`
}

/** `text` escaped, with every phone number of `phones` in it as a tap-to-call link. */
export function withPhoneLinks(text: string, phones: readonly string[]): SafeHtml {
  let out = ''
  let rest = text
  for (;;) {
    const found = phones
      .map((phone) => ({ phone, at: rest.indexOf(phone) }))
      .filter((candidate) => candidate.at >= 0)
      .sort((a, b) => a.at - b.at || b.phone.length - a.phone.length)[0]
    if (found === undefined) return raw(out + escapeHtml(rest))
    out += escapeHtml(rest.slice(0, found.at)) + phoneLink(found.phone).value
    rest = rest.slice(found.at + found.phone.length)
  }
}

/** Fills `{name}` placeholders of a copy text with markup; the text around them is escaped. */
export function fillHtml(text: string, values: Record<string, SafeHtml>): SafeHtml {
  return raw(
    text
      .split(/(\{[a-zA-Z]+\})/)
      .map((part) => {
        const name = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1]
        return name !== undefined && values[name] !== undefined ? values[name].value : escapeHtml(part)
      })
      .join(''),
  )
}

/** The page shell every public page shares: skip link, 112 notice, language switch, one <main>. */
export function renderLayout(options: LayoutOptions): string {
  const copy = COPY[options.lang]
  const site = options.site ?? DEFAULT_SITE_SETTINGS
  const paths = options.paths ?? HOME
  const other = { ...copy.switchLanguage, href: paths[copy.switchLanguage.lang] }
  return `<!doctype html>\n${html`<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
${options.description === undefined ? '' : html`<meta name="description" content="${options.description}">`}
<link rel="alternate" hreflang="nl" href="${paths.nl}">
<link rel="alternate" hreflang="en" href="${paths.en}">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/rotterdam-tokens.css">
<link rel="stylesheet" href="/assets/styles.css">
<script type="module" src="/assets/form.js"></script>
</head>
<body class="rotterdam-theme">
<a class="skip-link" href="#main">${copy.skipLink}</a>
<header class="site-header">
  <div class="site-header__bar">
    <div class="site-header__inner">
      <a class="site-header__home" href="${HOME[options.lang]}">
        <span class="site-header__name">${copy.siteName}</span>
        <span class="site-header__org">${copy.organisation}</span>
      </a>
      <nav class="language-switch" aria-label="${copy.languageNavLabel}">
        <a href="${other.href}" lang="${other.lang}" hreflang="${other.lang}" aria-label="${other.label}">${other.text}</a>
      </nav>
    </div>
  </div>
  <div class="emergency">
    <p class="emergency__inner"><strong class="emergency__call"><a class="emergency__link" href="${telHref('112')}">${copy.emergency}</a></strong> <span class="emergency__detail">${withPhoneLinks(copy.emergencyDetail, EMERGENCY_NUMBERS)}</span></p>
  </div>
</header>
<main id="main" class="page" tabindex="-1">
${options.main}
</main>
<footer class="site-footer">
  <div class="site-footer__inner">
    <div class="site-contact">
      <h2 class="site-contact__title">${copy.contact.title}</h2>
      <p>${fillHtml(copy.contact.text, { phone: phoneLink(site.marPhone), email: mailLink(site.intakeAddress) })}</p>
    </div>
    <p>${copy.siteName} · ${copy.organisation}</p>
    <p><a href="${HOME[options.lang]}#privacy">${copy.footerPrivacy}</a></p>
  </div>
</footer>
${options.templates}
</body>
</html>
`}`
}
