import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { createTransport } from 'nodemailer'

/**
 * `npm run send-mail -- [--from a@b] [--to mar_bsd@rotterdam.nl] [--subject …] [--text …] [--attach <file>]
 * [--port 2525]`: one message to the local SMTP intake, no other tool needed. Prints the server's answer.
 */
const { values } = parseArgs({
  options: {
    from: { type: 'string', default: 'burger@example.nl' },
    to: { type: 'string', default: 'mar_bsd@rotterdam.nl' },
    subject: { type: 'string', default: 'Zorgen om mijn zoon' },
    text: { type: 'string', default: 'Mijn zoon praat de laatste tijd over een groep online. Kunt u mij adviseren?' },
    attach: { type: 'string', multiple: true },
    'in-reply-to': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.SMTP_PORT ?? '2525' },
  },
})
const transport = createTransport({ host: values.host, port: Number(values.port), secure: false, ignoreTLS: true })
try {
  const info = await transport.sendMail({
    from: values.from,
    to: values.to,
    subject: values.subject,
    text: values.text,
    ...(values['in-reply-to'] ? { inReplyTo: values['in-reply-to'] } : {}),
    attachments: (values.attach ?? []).map((file) => ({ filename: basename(file), content: readFileSync(file) })),
  })
  console.log(`sent: ${info.response}`)
} catch (error) {
  console.error(`not sent: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  transport.close()
}
