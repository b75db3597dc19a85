import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'
import type { ReplyTemplateStore } from '../core/ports/stores.ts'
import type { ReplyTemplate } from '../core/templates/reply-template.ts'
import { queryAllItems } from './dynamo-query.ts'

/** The partition of the reply templates: one item per template, and the mark that the set was written. */
export const TEMPLATES_PARTITION = 'TEMPLATES'
const TEMPLATE_PREFIX = 'TEMPLATE#'
const WRITTEN_MARK = 'WRITTEN'

/**
 * The reply templates (core/templates/reply-templates.ts) in the case table: `TEMPLATES / TEMPLATE#<id>`, and
 * `TEMPLATES / WRITTEN` once the set was first written. Not case data: no TTL. One Query reads them all.
 */
export class DynamoReplyTemplates implements ReplyTemplateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<ReplyTemplate[] | undefined> {
    const items = await queryAllItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': TEMPLATES_PARTITION },
      ConsistentRead: true,
    })
    if (!items.some((item) => item.sk === WRITTEN_MARK)) return undefined
    return items
      .filter((item) => String(item.sk).startsWith(TEMPLATE_PREFIX))
      .map(({ pk: _pk, sk: _sk, entity: _entity, ...template }) => template as unknown as ReplyTemplate)
  }

  async seed(templates: readonly ReplyTemplate[]): Promise<void> {
    for (const template of templates) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: this.item(template),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
    }
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: TEMPLATES_PARTITION, sk: WRITTEN_MARK, entity: 'templates-written' },
      }),
    )
  }

  async put(template: ReplyTemplate): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(template) }))
  }

  async delete(id: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: TEMPLATES_PARTITION, sk: `${TEMPLATE_PREFIX}${id}` },
        ReturnValues: 'ALL_OLD',
      }),
    )
    return Attributes !== undefined
  }

  private item(template: ReplyTemplate) {
    return { ...template, pk: TEMPLATES_PARTITION, sk: `${TEMPLATE_PREFIX}${template.id}`, entity: 'reply-template' }
  }
}
