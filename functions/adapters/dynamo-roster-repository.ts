import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { RosterRepository } from '../core/ports/stores.ts'
import { parseRoster, type Roster } from '../core/roster/roster.ts'

/**
 * The roster in force (ROSTER / CURRENT), and every roster that was ever in force (ROSTER / VERSION#<savedAt>),
 * so that who was on duty at any moment can be told afterwards.
 */
export class DynamoRosterRepository implements RosterRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getRoster(): Promise<Roster | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'ROSTER', sk: 'CURRENT' }, ConsistentRead: true }),
    )
    return Item === undefined ? undefined : parseRoster(JSON.parse(String(Item.roster)))
  }

  async saveRoster(roster: Roster, savedAt: Date): Promise<void> {
    const item = { entity: 'roster', roster: JSON.stringify(roster), savedAt: savedAt.toISOString() }
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...item, pk: 'ROSTER', sk: `VERSION#${item.savedAt}` } }),
    )
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...item, pk: 'ROSTER', sk: 'CURRENT' } }),
    )
  }
}
