import type { DevResponse } from './dev-routes.ts'
import type { CapturedMail } from './ses-engine.ts'

/**
 * GET /_dev/mailbox: the captured mail as a page, newest first, for a person to read — on a phone too (everything
 * wraps at 390 px). Each mail's text as sent, and its HTML part in a sandboxed frame: `srcdoc`, no scripts, no same
 * origin (the sandbox without any allow- flag), under the page's own policy (`default-src 'self'`), so a mail's
 * HTML can run nothing, load nothing from elsewhere and reach nothing of this page.
 */
export async function devMailbox(mail: () => Promise<CapturedMail[]>): Promise<DevResponse> {
  const messages = (await mail()).reverse()
  const rows = messages
    .map((message, index) => {
      const id = `mail-${index + 1}`
      const html =
        message.html.trim() === ''
          ? ''
          : `<details class="mailbox__html"><summary>HTML-versie bekijken</summary>
<iframe sandbox="" srcdoc="${escapeHtml(message.html)}" title="HTML-versie van: ${escapeHtml(message.subject)}"></iframe>
</details>`
      return `<article class="mailbox__mail" aria-labelledby="${id}">
<h2 id="${id}">${escapeHtml(message.subject)}</h2>
<dl class="mailbox__meta">
<dt>Aan</dt><dd>${escapeHtml([...message.to, ...message.cc].join(', '))}</dd>
<dt>Van</dt><dd>${escapeHtml(message.from)}</dd>
<dt>Verstuurd</dt><dd><time datetime="${escapeHtml(message.sentAt)}">${escapeHtml(message.sentAt)}</time></dd>
</dl>
<pre class="mailbox__text">${linkify(escapeHtml(message.text))}</pre>
${html}
</article>`
    })
    .join('\n')
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Dev mailbox – MAR Intake (lokaal)</title><link rel="stylesheet" href="/assets/rotterdam-tokens.css"><link rel="stylesheet" href="/assets/styles.css"><link rel="stylesheet" href="${MAILBOX_STYLES_PATH}"></head>
<body class="rotterdam-theme"><main class="page"><div class="page__inner mailbox"><h1>Dev mailbox</h1><p>${messages.length} bericht(en), nieuwste eerst. Alleen lokaal; als JSON op <a href="/_dev/mail">/_dev/mail</a>.</p>
${rows || '<p>Nog geen mail.</p>'}</div></main></body></html>`,
  }
}

export const MAILBOX_STYLES_PATH = '/_dev/mailbox.css'

/** The mailbox's own styles (the page's policy takes styles from this origin only, never inline). */
export function devMailboxStyles(): DevResponse {
  return { status: 200, contentType: 'text/css; charset=utf-8', body: MAILBOX_CSS }
}

const MAILBOX_CSS = `.mailbox__mail {
  border-top: 1px solid var(--mar-line, #cad6da);
  padding-block: 1rem;
}
.mailbox__mail h2,
.mailbox a {
  overflow-wrap: anywhere;
}
.mailbox__meta {
  display: grid;
  grid-template-columns: max-content minmax(0, 1fr);
  gap: 0.25rem 0.75rem;
  margin: 0 0 1rem;
}
.mailbox__meta dt {
  font-weight: 700;
}
.mailbox__meta dd {
  margin: 0;
  min-width: 0;
  overflow-wrap: anywhere;
}
.mailbox__text {
  margin: 0 0 1rem;
  padding: 0.75rem;
  max-width: 100%;
  background: var(--mar-surface, #eff4f6);
  font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace;
  font-size: 0.95rem;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
.mailbox__html summary {
  min-height: 48px;
  padding-block: 0.75rem;
  font-weight: 700;
  cursor: pointer;
}
.mailbox__html iframe {
  display: block;
  width: 100%;
  height: 26rem;
  border: 1px solid var(--mar-control-border, #536165);
  background: #fff;
  resize: vertical;
}
`

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** Makes the action links in a mail clickable (the text is escaped already; links are our own URLs). */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
}
