import './quiet.ts'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { S3Event } from 'aws-lambda'
import { MAX_MESSAGE_BYTES } from '../functions/core/mail/file-message.ts'
import { readAppConfig } from '../local/config.ts'
import { startLocalStack } from '../local/stack.ts'

/**
 * Run by mail-memory.ts in a fresh process (node --expose-gc): a local stack with its mail store on disk, a message
 * just under the 10 MB limit (a text part and three binary attachments) stored as SES stores it under `inbound/`,
 * then filed by the receive handler as the S3 notification calls it. Prints one JSON line: the message's size, the
 * idle RSS before filing and the peak while filing (the kernel's high-water mark, reset just before, and samples
 * every millisecond).
 */

const dataDir = mkdtempSync(join(tmpdir(), 'mar-bench-mail-'))
const stack = await startLocalStack({
  port: 0,
  smtpPort: 0,
  logLevel: 'SILENT',
  dataDir,
  clockStart: new Date('2027-01-11T09:00:00+01:00'),
})
try {
  const message = tenMegabyteMessage(readAppConfig().intakeAddress)
  const key = 'inbound/bench-ten-megabytes'
  mkdirSync(join(dataDir, 'mail', 'inbound'), { recursive: true })
  writeFileSync(join(dataDir, 'mail', key), message)
  await fetch(`${stack.url}/_dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: 'PT0S' }),
  })

  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  await new Promise((resolve) => setTimeout(resolve, 300))
  const idleRss = process.memoryUsage.rss()
  let highWaterMarkReset = true
  try {
    writeFileSync('/proc/self/clear_refs', '5')
  } catch {
    highWaterMarkReset = false
  }
  let sampledPeak = idleRss
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss())
  }, 1)
  await stack.receiveMail({
    Records: [{ s3: { bucket: { name: 'local-mail' }, object: { key, size: message.byteLength } } }],
  } as unknown as S3Event)
  clearInterval(sampler)
  const highWaterMark = highWaterMarkReset ? highWaterMarkBytes() : 0
  const peakRss = Math.max(sampledPeak, highWaterMark)

  const scan = await stack.documents.send(
    new ScanCommand({
      TableName: stack.tableName,
      FilterExpression: 'entity = :case AND channel = :email',
      ExpressionAttributeValues: { ':case': 'case', ':email': 'email' },
    }),
  )
  // The attachments, stored by the filing under `cases/` in the mail store.
  const storedFiles = readdirSync(join(dataDir, 'mail'), { recursive: true, withFileTypes: true }).filter(
    (entry) => entry.isFile() && !join(entry.parentPath, entry.name).includes(`${join('mail', 'inbound')}`),
  )
  console.log(
    JSON.stringify({
      messageBytes: message.byteLength,
      idleRssBytes: idleRss,
      peakRssBytes: peakRss,
      peakRssBytesOverIdle: peakRss - idleRss,
      highWaterMarkReset,
      filedCases: scan.Items?.length ?? 0,
      storedAttachments: storedFiles.length,
    }),
  )
} finally {
  await stack.stop()
  rmSync(dataDir, { recursive: true, force: true })
}

function highWaterMarkBytes(): number {
  const kilobytes = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
  return kilobytes === undefined ? 0 : Number(kilobytes) * 1024
}

/** SES's stamp, headers, a short text and three base64 attachments, filling the message to 16 KB under the limit. */
function tenMegabyteMessage(to: string): Buffer {
  const boundary = 'bench-boundary-7f3a'
  const head = [
    'Return-Path: <burger@example.nl>',
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    'From: Burger <burger@example.nl>',
    `To: ${to}`,
    'Subject: Stukken over mijn zoon',
    'Date: Mon, 11 Jan 2027 09:00:00 +0100',
    `Message-ID: <bench-10mb-${Date.now()}@example.nl>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hierbij de stukken waar ik het aan de telefoon over had.',
    '',
  ].join('\r\n')
  const attachments = [
    ['verslag.pdf', 'application/pdf'],
    ['foto.jpg', 'image/jpeg'],
    ['chat.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ] as const
  const budget = MAX_MESSAGE_BYTES - 16 * 1024 - head.length
  // base64 is 4/3 of the bytes, plus CRLF after every 76 characters.
  const rawPerAttachment = Math.floor(((budget / attachments.length - 300) * 3) / 4 / (78 / 76))
  const parts = attachments.map(([name, type]) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      (
        randomBytes(rawPerAttachment)
          .toString('base64')
          .match(/.{1,76}/g) ?? []
      ).join('\r\n'),
      '',
    ].join('\r\n'),
  )
  return Buffer.from(`${head}${parts.join('')}--${boundary}--\r\n`, 'latin1')
}
