import { COPY, HOME, type Lang } from './copy.ts'
import { html, type SafeHtml } from './html.ts'

export interface LayoutOptions {
  lang: Lang
  title: string
  description?: string
  main: SafeHtml
  /** Inert markup form.js clones (confirmation, messages); never rendered visibly. */
  templates?: SafeHtml
  /** This page in each language, for the language switch; the form by default. */
  paths?: Record<Lang, string>
}

/** The page shell every public page shares: skip link, 112 notice, language switch, one <main>. */
export function renderLayout(options: LayoutOptions): string {
  const copy = COPY[options.lang]
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
    <p class="emergency__inner"><strong class="emergency__call">${copy.emergency}</strong> <span class="emergency__detail">${copy.emergencyDetail}</span></p>
  </div>
</header>
<main id="main" class="page" tabindex="-1">
${options.main}
</main>
<footer class="site-footer">
  <div class="site-footer__inner">
    <p>${copy.siteName} · ${copy.organisation}</p>
    <p><a href="${HOME[options.lang]}#privacy">${copy.footerPrivacy}</a></p>
  </div>
</footer>
${options.templates}
</body>
</html>
`}`
}
