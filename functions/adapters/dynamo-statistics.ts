import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import type { CaseStatisticsStore } from '../core/ports/stores.ts'
import type { CaseStatisticsRecord } from '../core/statistics/statistics-record.ts'
import { queryAllItems } from './dynamo-query.ts'

/** Every statistics item's partition key starts with this: the stream function may write these and no others. */
export const STATISTICS_KEY_PREFIX = 'STATS'

/**
 * The statistics records in the single table, apart from the cases (so the retention purge of `CASE#<reference>`
 * leaves them), without TTL: statistics are kept.
 *
 *   STATS#<YYYY-MM> / RECORD#<sha256 of the reference>   one case's record (core/statistics/statistics.ts), in its month
 *   STATS           / MONTHS                             `months`: a string set of the months that have records
 *
 * A record is replaced whole, on the condition that the stored one is from the same or an older version of the
 * case, so a repeated or late stream record never counts a case twice nor brings an old state back.
 */
export class DynamoCaseStatistics implements CaseStatisticsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Months this container added already: the index only grows, so adding one again would change nothing — but cost a
   * write for every image of every case (a warm starter records many cases of the same month).
   */
  private readonly monthsAdded = new Set<string>()

  async put(record: CaseStatisticsRecord): Promise<'stored' | 'stale'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...recordKey(record.month, record.caseKey), entity: 'case-statistics', ...record },
          ConditionExpression: 'attribute_not_exists(pk) OR caseVersion <= :version',
          ExpressionAttributeValues: { ':version': record.caseVersion },
        }),
      )
      return 'stored'
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale'
      throw error
    }
  }

  async addMonth(month: string): Promise<void> {
    if (this.monthsAdded.has(month)) return
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: MONTHS_KEY,
        UpdateExpression: 'ADD months :month SET entity = :entity',
        ExpressionAttributeValues: { ':month': new Set([month]), ':entity': 'statistics-months' },
      }),
    )
    this.monthsAdded.add(month)
  }

  async months(): Promise<string[]> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: MONTHS_KEY }))
    const months = Item?.months
    return months instanceof Set ? [...(months as Set<string>)].sort() : []
  }

  async recordsOf(month: string): Promise<CaseStatisticsRecord[]> {
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `${STATISTICS_KEY_PREFIX}#${month}`, ':prefix': 'RECORD#' },
    })
    return items.map(({ pk: _pk, sk: _sk, entity: _entity, ...record }) => record as unknown as CaseStatisticsRecord)
  }
}

const MONTHS_KEY = { pk: STATISTICS_KEY_PREFIX, sk: 'MONTHS' }

function recordKey(month: string, caseKey: string) {
  return { pk: `${STATISTICS_KEY_PREFIX}#${month}`, sk: `RECORD#${caseKey}` }
}
