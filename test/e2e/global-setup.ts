import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    /** The local stack's SMTP intake (mail to the intake address). */
    smtpPort: number
  }
}

const READY_TIMEOUT_MS = 90_000

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`local/main.ts exited with ${child.exitCode}:\n${output()}`)
    try {
      const response = await fetch(`${url}/health`)
      if (response.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`local/main.ts did not answer ${url}/health within ${READY_TIMEOUT_MS} ms:\n${output()}`)
}

/**
 * Starts the local stack on a free port with a fresh data folder, and stops it after the run.
 * Set E2E_BASE_URL to test a server that is already running instead.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL.replace(/\/$/, ''))
    return async () => {}
  }
  const port = await freePort()
  const smtpPort = await freePort()
  const dataDir = await mkdtemp(join(tmpdir(), 'mar-e2e-'))
  const child = spawn('npx', ['tsx', 'local/main.ts'], {
    cwd: project.config.root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SMTP_PORT: String(smtpPort) },
    // Its own process group, so stopping it also stops npx's children.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000)
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const url = `http://127.0.0.1:${port}`

  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(-child.pid, 'SIGTERM')
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    await waitForHealth(url, child, () => output)
  } catch (error) {
    await stop()
    throw error
  }
  project.provide('baseUrl', url)
  project.provide('smtpPort', smtpPort)
  return stop
}
