import { html, type SafeHtml } from '../pages/html.ts'
import { ADVISOR_COPY, SCRIPT_COPY } from './copy.ts'
import { AdvisorId } from './element-ids.ts'

/** Which page advisor.js is running on. */
export type AdvisorPage = 'list' | 'case' | 'phone' | 'stats'

export interface AdvisorLayoutOptions {
  page: AdvisorPage
  title: string
  main: SafeHtml
}

export const ADVISOR_HOME = '/advisor/'
export const PHONE_INTAKE = '/advisor/phone/'
export const STATISTICS_PAGE = '/advisor/stats/'

/**
 * The shell every workspace page shares: skip link, header with navigation and sign-out, one <main>. The pages are
 * static (built once, served from S3): who is signed in and every case come from the advisor API, through
 * advisor.js, which reads its texts from `data-copy`.
 */
export function renderAdvisorLayout(options: AdvisorLayoutOptions): string {
  const copy = ADVISOR_COPY
  return `<!doctype html>\n${html`<html lang="nl">
<head>
${advisorHead(options.title)}
<script type="module" src="/assets/advisor.js"></script>
</head>
<body class="rotterdam-theme advisor" data-page="${options.page}" data-copy="${JSON.stringify(SCRIPT_COPY)}">
<a class="skip-link" href="#main">${copy.skipLink}</a>
<header class="site-header">
  <div class="site-header__bar">
    <div class="site-header__inner advisor-header">
      ${advisorHome()}
      <div class="advisor-user" id="${AdvisorId.advisorUser}" hidden>
        <p class="advisor-user__name">${copy.signedInAs} <strong id="${AdvisorId.advisorName}"></strong></p>
        <button class="advisor-user__sign-out" type="button" id="${AdvisorId.signOut}">${copy.signOut}</button>
      </div>
    </div>
  </div>
  <nav class="advisor-nav" id="${AdvisorId.advisorNav}" aria-label="${copy.navLabel}" hidden>
    <ul class="advisor-nav__list">
      <li><a href="${ADVISOR_HOME}"${options.page === 'list' ? html` aria-current="page"` : ''}>${copy.navCases}</a></li>
      <li><a href="${PHONE_INTAKE}"${options.page === 'phone' ? html` aria-current="page"` : ''}>${copy.navPhone}</a></li>
      <li><a href="${STATISTICS_PAGE}"${options.page === 'stats' ? html` aria-current="page"` : ''}>${copy.navStats}</a></li>
    </ul>
  </nav>
</header>
<main id="main" class="page" tabindex="-1">
<div class="page__inner page__inner--wide">
<noscript><p class="notice">${copy.noScript}</p></noscript>
<p class="advisor-loading" id="${AdvisorId.pageLoading}">${copy.loading}</p>
<div class="form-message" id="${AdvisorId.pageAlert}" role="alert" tabindex="-1"></div>
<p class="visually-hidden" id="${AdvisorId.pageStatus}" role="status"></p>
${options.main}
</div>
</main>
${advisorFooter()}
</body>
</html>
`}`
}

/** The head every workspace page shares (the script, where a page has one, comes after it). */
export function advisorHead(title: string): SafeHtml {
  return html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/rotterdam-tokens.css">
<link rel="stylesheet" href="/assets/styles.css">
<link rel="stylesheet" href="/assets/advisor.css">`
}

/** The header's link home: the workspace's name. */
export function advisorHome(): SafeHtml {
  return html`<a class="site-header__home" href="${ADVISOR_HOME}">
        <span class="site-header__name">${ADVISOR_COPY.siteName}</span>
        <span class="site-header__org">${ADVISOR_COPY.organisation}</span>
      </a>`
}

export function advisorFooter(): SafeHtml {
  return html`<footer class="site-footer">
  <div class="site-footer__inner">
    <p>${ADVISOR_COPY.siteName} · ${ADVISOR_COPY.organisation}</p>
    <p>${ADVISOR_COPY.footer}</p>
  </div>
</footer>`
}
