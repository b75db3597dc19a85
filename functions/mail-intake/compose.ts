import { DynamoAutoReplyLimiter, DynamoMessageThreads } from '../adapters/dynamo-mail-threads.ts'
import { parseInboundMessage } from '../adapters/mime/parse-message.ts'
import { type CaseWorkflowPlatform, caseWorkflowDependencies } from '../case-workflow/compose.ts'
import type { PlatformWith, SettingsWith } from '../platform/platform.ts'
import { createReceiveHandler } from './receive-handler.ts'

/** The mail intake (a stored raw message → a case), wired once: for the Lambda (receive.ts) and `local/` alike. */
export function composeMailIntake(
  platform: CaseWorkflowPlatform & PlatformWith<'logger' | 'mailStore' | 'mailer' | 'searchKey'>,
  settings: SettingsWith<'workflow' | 'caseRetentionDays' | 'intakeAddress' | 'senderAddress'>,
) {
  return createReceiveHandler({
    ...caseWorkflowDependencies(platform, settings),
    threads: new DynamoMessageThreads(platform.documents, platform.tableName, settings.caseRetentionDays, () =>
      platform.clock.now(),
    ),
    limiter: new DynamoAutoReplyLimiter(platform.documents, platform.tableName),
    store: platform.mailStore,
    mailer: platform.mailer,
    ownAddresses: [settings.intakeAddress, ...(settings.senderAddress ? [settings.senderAddress] : [])],
    parse: (raw) => parseInboundMessage(raw),
    caseRetentionDays: settings.caseRetentionDays,
    logger: platform.logger,
  })
}
