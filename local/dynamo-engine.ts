import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'
import { createTableInput } from '../functions/adapters/case-table.ts'
import { privateDirectory, restrictNewFiles } from './private-data.ts'

// dynalite ships no types and is CommonJS.
const require = createRequire(import.meta.url)
const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:http').Server

export const LOCAL_TABLE_NAME = 'mar-intake-local'
/** Local engines accept any credentials; these make sure no real ones are ever picked up. */
export const LOCAL_AWS = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }

export interface DynamoEngine {
  endpoint: string
  stop(): Promise<void>
}

/**
 * A real DynamoDB engine in this process: dynalite on LevelDB under `directory` (in memory when omitted),
 * listening on 127.0.0.1 only. The folder and every file LevelDB writes in it are its owner's only (0700/0600).
 */
export async function startDynalite(directory?: string): Promise<DynamoEngine> {
  if (directory) {
    restrictNewFiles()
    privateDirectory(directory)
  }
  const server = dynalite({ path: directory, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Creates the case table, shaped like the deployed one, unless it is there already (a restart keeps the data). */
export async function ensureCaseTable(endpoint: string, tableName = LOCAL_TABLE_NAME): Promise<void> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint })
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
    await client.send(new CreateTableCommand(createTableInput(tableName)))
    // A new table is CREATING for a moment; until it is ACTIVE, dynalite answers as if it did not exist.
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 0.5 }, { TableName: tableName })
  } finally {
    client.destroy()
  }
}
