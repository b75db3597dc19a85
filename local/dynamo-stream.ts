import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { marshall } from '@aws-sdk/util-dynamodb'
import type { DynamoDBStreamEvent } from 'aws-lambda'
import { CASE_ITEM_KEY } from '../functions/adapters/case-table.ts'

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<void>

/**
 * dynalite has no streams. This stands in for the one stream the app uses: after a conditional write of a case item
 * succeeds, the stream handler gets the record CDK's event source would deliver (same filter: INSERT or MODIFY of
 * `CASE#…` / `CASE`), with the item's keys only, as the table's KEYS_ONLY stream carries them: an insert
 * (`attribute_not_exists(pk)`) as INSERT, every optimistic update (`version = :expected`) as MODIFY. Like the real event source it retries a failing handler; the write itself is never undone or failed by
 * it.
 */
export function emulateCaseStream(
  client: DynamoDBDocumentClient,
  handler: StreamHandler,
  onGiveUp: (error: unknown) => void,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args)
      const input = args.input as { Item?: Record<string, unknown>; ConditionExpression?: string }
      const isPut = context.commandName === 'PutCommand' || context.commandName === 'PutItemCommand'
      if (isPut && isCaseItem(input.Item)) {
        if (input.ConditionExpression?.includes('attribute_not_exists(pk)')) {
          await deliver(handler, streamEvent('INSERT', input.Item), onGiveUp)
        } else if (input.ConditionExpression?.includes('version =')) {
          await deliver(handler, streamEvent('MODIFY', input.Item), onGiveUp)
        }
      }
      return result
    },
    { step: 'initialize', name: 'localCaseStream' },
  )
}

async function deliver(handler: StreamHandler, event: DynamoDBStreamEvent, onGiveUp: (error: unknown) => void) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handler(event)
    } catch (error) {
      if (attempt >= 5) return onGiveUp(error)
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt))
    }
  }
}

function streamEvent(eventName: 'INSERT' | 'MODIFY', item: Record<string, unknown>): DynamoDBStreamEvent {
  return {
    Records: [
      {
        eventName,
        eventSource: 'aws:dynamodb',
        awsRegion: 'local',
        dynamodb: {
          Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
          StreamViewType: 'KEYS_ONLY',
        },
      },
    ],
  }
}

function isCaseItem(item: Record<string, unknown> | undefined): item is Record<string, unknown> {
  return item?.sk === CASE_ITEM_KEY.sortKey && String(item.pk).startsWith(CASE_ITEM_KEY.partitionPrefix)
}
