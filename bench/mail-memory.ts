import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/** Peak memory while filing a 10 MB mail with attachments, over the idle process: see mail-memory-child.ts. */
export interface MailMemoryResults {
  messageBytes: number
  idleRssBytes: number
  peakRssBytes: number
  peakRssBytesOverIdle: number
  /** Whether the kernel's high-water mark could be reset before filing (else: millisecond samples only). */
  highWaterMarkReset: boolean
  filedCases: number
  storedAttachments: number
}

const CHILD = fileURLToPath(new URL('./mail-memory-child.ts', import.meta.url))

export async function benchMailMemory(): Promise<MailMemoryResults> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  const line = stdout.trim().split('\n').at(-1) ?? ''
  const results = JSON.parse(line) as MailMemoryResults
  if (results.filedCases !== 1 || results.storedAttachments < 3) {
    throw new Error(`The 10 MB mail was not filed whole: ${line}`)
  }
  return results
}
