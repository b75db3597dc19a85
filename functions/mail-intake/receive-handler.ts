import type { Logger } from '@aws-lambda-powertools/logger'
import type { S3Event } from 'aws-lambda'
import { type FileMessageDependencies, fileInboundMessage, MAX_MESSAGE_BYTES } from '../core/mail/file-message.ts'
import { type InboundMessage, UnreadableMessageError } from '../core/mail/inbound-mail.ts'

export interface ReceiveHandlerDependencies extends FileMessageDependencies {
  parse: (raw: Uint8Array) => Promise<InboundMessage>
  logger: Logger
}

/** Marks a message the local SMTP intake kept only the headers of (its first line; see local/smtp-intake.ts). */
const OVERSIZED_MARKER = 'X-MAR-Oversized:'
/** The test object SES writes when the receipt rule is created: not mail to anyone. */
const SES_SETUP_NOTIFICATION = 'inbound/AMAZON_SES_SETUP_NOTIFICATION'
const HEADER_BYTES = 64 * 1024

/**
 * The raw message SES stored in S3 (or the local SMTP intake in its folder), filed as a case. Each record: read the
 * object, parse it, file it. A failure throws, so Lambda's retries (and in the end the dead-letter queue) keep the
 * message; filing is idempotent, so a retry files nothing twice. Logs name the object and the outcome, never an
 * address, a subject or content.
 */
export function createReceiveHandler(deps: ReceiveHandlerDependencies) {
  return async (event: S3Event): Promise<void> => {
    for (const record of event.Records) {
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))
      if (!key.startsWith('inbound/') || key === SES_SETUP_NOTIFICATION) continue
      const raw = await deps.store.get(key)
      const oversized = (record.s3.object.size ?? raw.byteLength) > MAX_MESSAGE_BYTES || startsWithMarker(raw)
      let message: InboundMessage | undefined
      try {
        message = await deps.parse(oversized ? headerSection(raw) : raw)
      } catch (error) {
        if (!(error instanceof UnreadableMessageError)) throw error
      }
      const outcome = await fileInboundMessage(
        { key, ...(message ? { message } : { raw }), ...(oversized ? { oversized: true } : {}) },
        deps,
      )
      deps.logger.info('mail filed', {
        objectKey: key,
        bytes: raw.byteLength,
        outcome: outcome.kind,
        ...('reference' in outcome ? { reference: outcome.reference } : {}),
        ...(message?.automatic ? { automatic: message.automatic } : {}),
      })
    }
  }
}

function startsWithMarker(raw: Uint8Array): boolean {
  return Buffer.from(raw.subarray(0, OVERSIZED_MARKER.length)).toString('latin1') === OVERSIZED_MARKER
}

/** The header section (at most 64 KB) and the blank line: all an oversized message is read for. */
function headerSection(raw: Uint8Array): Uint8Array {
  const head = Buffer.from(raw.subarray(0, HEADER_BYTES))
  const end = head.indexOf('\r\n\r\n')
  return end === -1 ? Buffer.concat([head, Buffer.from('\r\n\r\n')]) : head.subarray(0, end + 4)
}
