import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sesLocal from 'aws-ses-v2-local'

/** A message as the dev mailbox shows it (the contract of GET /_dev/mail). */
export interface CapturedMail {
  id: string
  messageId: string
  from: string
  to: string[]
  cc: string[]
  bcc: string[]
  subject: string
  text: string
  html: string
  sentAt: string
  /** Threading headers, when the mail answers an earlier one. */
  inReplyTo?: string
  references?: string
  /**
   * Every header the sender set beyond the addresses and the subject (`Auto-Submitted`, `In-Reply-To`,
   * `References`, `X-Auto-Response-Suppress`, …): name → value, names as sent.
   */
  headers: Record<string, string>
}

interface StoredEmail {
  messageId: string
  from: string
  destination: { to: string[]; cc: string[]; bcc: string[] }
  subject: string
  body: { text?: string; html?: string }
  headers?: Array<{ name: string; value: string }>
  at: number
}

export interface SesEngine {
  /** What the SES v2 client uses as its endpoint. */
  endpoint: string
  /** Makes the next `count` sends fail as SES throttling does (429 TooManyRequestsException). */
  failNextSends(count: number): void
  /** Every mail SES accepted, oldest first; `sentAt` from the given lookup (the dev clock's time of sending). */
  mail(sentAt: (messageId: string) => string | undefined): Promise<CapturedMail[]>
  stop(): Promise<void>
}

const SEND_PATH = '/v2/email/outbound-emails'

/**
 * A real SES v2 endpoint (aws-ses-v2-local) in this process, behind a small fault switch: the SES adapter talks
 * HTTP to it exactly as it talks to AWS, and a throttled send is a real 429 the SDK has to handle.
 */
export async function startSes(): Promise<SesEngine> {
  // CommonJS with `exports.default`: tsx hands us the exports object, vitest the function itself.
  type Start = (config: { host: string; port: number }) => Promise<Server>
  const loaded = sesLocal as unknown as Start | { default: Start }
  const start = typeof loaded === 'function' ? loaded : loaded.default
  const ses = await start({ host: '127.0.0.1', port: 0 })
  const sesPort = (ses.address() as AddressInfo).port
  // aws-ses-v2-local keeps one store per process: a new stack starts with an empty mailbox, not another's mail.
  await fetch(`http://127.0.0.1:${sesPort}/clear-store`, { method: 'POST' })
  let failuresLeft = 0

  const proxy = createServer((incoming, outgoing) => {
    if (incoming.method === 'POST' && incoming.url?.startsWith(SEND_PATH) && failuresLeft > 0) {
      failuresLeft--
      incoming.resume()
      outgoing.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' })
      outgoing.end(JSON.stringify({ message: 'Maximum sending rate exceeded (local fault switch).' }))
      return
    }
    const forwarded = httpRequest(
      { host: '127.0.0.1', port: sesPort, path: incoming.url, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forwarded.on('error', () => {
      outgoing.writeHead(502)
      outgoing.end()
    })
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()))
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`

  return {
    endpoint,
    failNextSends(count) {
      failuresLeft = count
    },
    async mail(sentAt) {
      const response = await fetch(`http://127.0.0.1:${sesPort}/store`)
      const { emails } = (await response.json()) as { emails: StoredEmail[] }
      const header = (email: StoredEmail, name: string) =>
        email.headers?.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase())?.value
      return emails.map((email) => ({
        id: email.messageId,
        messageId: email.messageId,
        from: email.from,
        to: email.destination.to,
        cc: email.destination.cc,
        bcc: email.destination.bcc,
        subject: email.subject,
        text: email.body.text ?? '',
        html: email.body.html ?? '',
        sentAt: sentAt(email.messageId) ?? new Date(email.at * 1000).toISOString(),
        ...(header(email, 'In-Reply-To') ? { inReplyTo: header(email, 'In-Reply-To') as string } : {}),
        ...(header(email, 'References') ? { references: header(email, 'References') as string } : {}),
        headers: Object.fromEntries((email.headers ?? []).map(({ name, value }) => [name, value])),
      }))
    },
    async stop() {
      proxy.closeAllConnections()
      ses.closeAllConnections()
      await Promise.all([new Promise((resolve) => proxy.close(resolve)), new Promise((resolve) => ses.close(resolve))])
    },
  }
}
