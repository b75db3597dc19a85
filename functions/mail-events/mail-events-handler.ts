import type { Logger } from '@aws-lambda-powertools/logger'
import type { SNSEvent } from 'aws-lambda'
import * as z from 'zod/mini'
import { recordRequesterBounce } from '../core/mail/requester-address-bounced.ts'
import type { CaseRepository, MessageThreads } from '../core/ports/stores.ts'

export interface MailEventsHandlerDependencies {
  cases: CaseRepository
  threads: Pick<MessageThreads, 'find'>
  logger: Logger
}

/**
 * What the handler reads of an SES event record (event publishing through the configuration set, SNS destination):
 * the event type, the id SES gave the mail, and for a bounce its type, time and recipients. SES adds fields over
 * time: the rest is ignored.
 */
const sesEventSchema = z.object({
  eventType: z.string(),
  mail: z.object({ messageId: z.string().check(z.minLength(1)) }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      timestamp: z.string(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })),
    }),
  ),
})

/**
 * SNS → the bounce and complaint events of MAR's outgoing mail (lib/constructs/mail-events.ts). A requester's
 * address that bounced is recorded on the case; complaints and other addresses only count (the alarm watches the
 * topic). A record that cannot be read is logged and skipped (a retry cannot change it); a store failure throws, so
 * Lambda retries and then keeps the event in the failures queue.
 */
export function createMailEventsHandler(deps: MailEventsHandlerDependencies) {
  return async (event: SNSEvent): Promise<void> => {
    for (const record of event.Records) {
      const parsed = z.safeParse(sesEventSchema, parseJson(record.Sns.Message))
      if (!parsed.success) {
        deps.logger.warn('mail event unreadable', { outcome: 'skipped' })
        continue
      }
      const { eventType, mail, bounce } = parsed.data
      if (eventType !== 'Bounce' || bounce === undefined) {
        deps.logger.info('mail event', { outcome: 'counted', reason: eventType })
        continue
      }
      const type = bounce.bounceType === 'Permanent' ? 'permanent' : 'transient'
      const result = await recordRequesterBounce(
        {
          sentMessageId: mail.messageId,
          type,
          recipients: bounce.bouncedRecipients.map((recipient) => recipient.emailAddress),
          at: new Date(bounce.timestamp).toISOString(),
        },
        deps,
      )
      deps.logger.info('mail bounced', {
        outcome: result.outcome,
        reason: type,
        count: bounce.bouncedRecipients.length,
        ...(result.reference === undefined ? {} : { reference: result.reference }),
      })
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
