import { randomUUID } from 'node:crypto'
import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DynamoReplyTemplates } from '../../functions/adapters/dynamo-reply-templates.ts'
import { createDocumentClient } from '../../functions/adapters/dynamodb-client.ts'
import type { ReplyTemplate } from '../../functions/core/templates/reply-template.ts'
import { ensureCaseTable, LOCAL_AWS, startDynalite } from '../../local/dynamo-engine.ts'

const STARTERS: ReplyTemplate[] = [
  { id: 'een', language: 'nl', title: 'Een', text: 'Eerste.' },
  { id: 'two', language: 'en', title: 'Two', text: 'Second.' },
]

describe('Adapter: the reply templates in the case table (dynalite)', () => {
  const tableName = `templates-${randomUUID()}`
  let engine: Awaited<ReturnType<typeof startDynalite>>
  let documents: ReturnType<typeof createDocumentClient>
  let store: DynamoReplyTemplates

  beforeAll(async () => {
    engine = await startDynalite()
    await ensureCaseTable(engine.endpoint, tableName)
    documents = createDocumentClient({ ...LOCAL_AWS, endpoint: engine.endpoint })
    store = new DynamoReplyTemplates(documents, tableName)
  })
  afterAll(async () => {
    await engine.stop()
  })

  it('holds nothing until the set is written; seeding writes the starters once and keeps a changed one', async () => {
    expect(await store.list()).toBeUndefined()

    await store.seed(STARTERS)
    await store.put({ ...(STARTERS[0] as ReplyTemplate), text: 'Gewijzigd.', updatedBy: 'adv-05' })
    await store.seed(STARTERS)

    const listed = await store.list()
    expect(listed?.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'een', language: 'nl', title: 'Een', text: 'Gewijzigd.', updatedBy: 'adv-05' },
      STARTERS[1],
    ])
  })

  it('deletes one and says whether it was there; an emptied set stays written', async () => {
    expect(await store.delete('een')).toBe(true)
    expect(await store.delete('een')).toBe(false)
    expect(await store.delete('two')).toBe(true)

    expect(await store.list()).toEqual([])
  })

  it('keeps every item in the one TEMPLATES partition, without a TTL', async () => {
    await store.put({ id: 'drie', language: 'nl', title: 'Drie', text: 'Derde.' })

    const { Items } = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'TEMPLATES' },
      }),
    )
    expect(Items?.map((item) => item.sk).sort()).toEqual(['TEMPLATE#drie', 'WRITTEN'])
    expect(Items?.some((item) => 'expiresAt' in item)).toBe(false)
  })
})
