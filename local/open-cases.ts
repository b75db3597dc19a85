import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'

/** The references of every case not closed (a Scan: the local table is small). */
export async function openCaseReferences(documents: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  const references: string[] = []
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'entity = :case AND #status <> :closed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':case': 'case', ':closed': 'closed' },
        ExclusiveStartKey: startKey,
      }),
    )
    for (const item of page.Items ?? []) references.push(String(item.reference))
    startKey = page.LastEvaluatedKey
  } while (startKey)
  return references
}
