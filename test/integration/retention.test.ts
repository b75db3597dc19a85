import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from 'vitest'
import { mailDesk } from '../support/smtp-client.ts'
import { COORDINATOR_EMAILS, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Retention and the data subject's rights on the local stack: a coordinator's export and erasure (advisors get 403),
 * the daily purge on the dev clock twelve months after closing — every item and file of the case gone, its
 * tombstone and statistics kept — and the flag on open cases nobody touched.
 */
const dataDir = await mkdtemp(join(tmpdir(), 'mar-retention-'))
afterAll(() => rm(dataDir, { recursive: true, force: true }))

describe('Retention: export, erasure, the purge and stale cases', () => {
  const local = useLocalStack({ dataDir, clockStart: new Date('2026-12-07T09:00:00+01:00') })
  const desk = mailDesk(local)
  const description = 'Mijn neef RETENTIONDESC praat over een reis naar het buitenland.'
  const requester = 'retentie.melder@example.nl'
  let webCase = ''
  let mailCase = ''

  const scanTable = async () => {
    const items: Array<Record<string, unknown>> = []
    let startKey: Record<string, unknown> | undefined
    do {
      const page = await local.stack.documents.send(
        new ScanCommand({ TableName: local.stack.tableName, ExclusiveStartKey: startKey }),
      )
      items.push(...(page.Items ?? []))
      startKey = page.LastEvaluatedKey
    } while (startKey)
    return items
  }
  /**
   * The items that name the case anywhere (keys, attributes), by partition prefix and sort key kind. The per-sender
   * automatic-reply cap (`AUTOREPLY#…`) is not the case's: it goes by its own TTL a day after the sender's last reply
   * (which dynalite never runs).
   */
  const itemsOf = async (reference: string) =>
    (await scanTable())
      .filter((item) => !String(item.pk).startsWith('AUTOREPLY#') && JSON.stringify(item).includes(reference))
      .map((item) => `${String(item.pk).split('#')[0]}/${String(item.sk).split('#')[0]}`)
      .sort()
  const filesUnder = async (folder: string) => readdir(join(dataDir, 'mail', folder)).catch(() => [] as string[])
  const call = async (method: string, path: string, token: string) => {
    const response = await fetch(`${local.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } })
    return { status: response.status, body: await response.json() }
  }

  it('exports everything held about a case to a coordinator, audited; advisors get 403, unknown cases 404', async () => {
    const submitted = await fetch(`${local.url}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'retention-test-key-0001' },
      body: JSON.stringify(questionRequest({ description, email: requester })),
    })
    webCase = ((await submitted.json()) as { reference: string }).reference
    mailCase = await desk.newCase({
      from: 'ouder.retentie@example.nl',
      subject: 'Zorgen over mijn dochter',
      text: 'Zie het verslag in de bijlage.',
      attachments: [{ filename: 'verslag.txt', content: 'Het verslag van het gesprek.', contentType: 'text/plain' }],
    })
    await local.settle()
    const advisor = await local.signIn('adv-01')
    const coordinator = await local.signIn('adv-03')

    expect(await call('GET', `/api/advisor/cases/${webCase}/export`, advisor.token)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    })
    expect((await call('DELETE', `/api/advisor/cases/${webCase}`, advisor.token)).status).toBe(403)
    expect((await call('GET', '/api/advisor/cases/MAR-0000-0000/export', coordinator.token)).status).toBe(404)

    const web = await call('GET', `/api/advisor/cases/${webCase}/export`, coordinator.token)
    expect(web.status).toBe(200)
    expect(web.body.removed).toBe(false)
    expect(web.body.case.description).toBe(description)
    expect(web.body.case.email).toBe(requester)
    expect(web.body.events.at(-1)).toMatchObject({ type: 'exported', advisorId: 'adv-03' })
    expect(web.body.mail.map((mail: { kind: string }) => mail.kind)).toContain('requester-acknowledgement')
    // The export is in the case's log before the answer went out.
    expect((await local.caseOf(webCase)).events.filter((event) => event.type === 'exported')).toHaveLength(1)

    const mail = await call('GET', `/api/advisor/cases/${mailCase}/export`, coordinator.token)
    expect(mail.body.attachments).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}-/), name: 'verslag.txt', type: 'text/plain', size: 28 },
    ])
    expect(mail.body.rawMessages).toBe(1)
    expect(JSON.stringify(mail.body)).not.toContain(`cases/${mailCase}/`)
  })

  it('flags an open case nobody touched for 60 days to the coordinators, once per period', async () => {
    const staleMail = async () =>
      (await local.mailFor(webCase)).filter((mail) => mail.subject.includes('zonder activiteit'))
    await local.advance('P58D')
    expect(await staleMail()).toEqual([])
    await local.advance('P3D')
    const flagged = await staleMail()
    expect(flagged.map((mail) => mail.to).sort()).toEqual(COORDINATOR_EMAILS.map((address) => [address]).sort())
    expect(flagged.every((mail) => !mail.text.includes('RETENTIONDESC') && !mail.text.includes(requester))).toBe(true)
    expect(flagged[0]?.text).toContain(`/advisor/cases/${webCase}`)
    await local.advance('P30D')
    expect(await staleMail()).toHaveLength(2)
    expect((await local.caseOf(webCase)).events.filter((event) => event.type === 'stale-flagged')).toHaveLength(1)
  })

  it('purges a closed case twelve months after closing, with all it holds; its statistics stay', async () => {
    const coordinator = await local.signIn('adv-03')
    await coordinator.act(webCase, 'close', { outcome: 'advice-given' })
    await coordinator.act(mailCase, 'close', { outcome: 'no-concern' })
    const period = '/api/advisor/stats?from=2026-12-01&to=2026-12-31'
    const statistics = await coordinator.get(period)
    expect(statistics.status).toBe(200)
    expect(await itemsOf(webCase)).toEqual(
      expect.arrayContaining([
        'CASE/CASE',
        'CASE/EVENT',
        'CASE/MAIL',
        'CASE/LINK',
        'IDEMPOTENCY/IDEMPOTENCY',
        'MSGID/MSGID',
      ]),
    )
    expect(await filesUnder(`cases/${mailCase}`)).toHaveLength(1)
    expect(await filesUnder('inbound')).toHaveLength(1)

    // Closed on 8 March 2027: kept until 8 March 2028 (a leap year: 366 days), purged by the run on the 9th.
    await local.advance('P363D')
    expect((await local.caseOf(webCase)).status).toBe('closed')
    await local.advance('P4D')

    for (const reference of [webCase, mailCase]) {
      expect((await fetch(`${local.url}/_dev/cases/${reference}`)).status).toBe(404)
      expect((await coordinator.get(`/api/advisor/cases/${reference}`)).status).toBe(404)
      expect(await itemsOf(reference)).toEqual(['TOMBSTONE/TOMBSTONE'])
    }
    expect(JSON.stringify(await scanTable())).not.toContain('RETENTIONDESC')
    expect(await filesUnder(`cases/${mailCase}`)).toEqual([])
    expect(await filesUnder('inbound')).toEqual([])
    expect(await coordinator.get(period)).toEqual(statistics)

    const exported = await call('GET', `/api/advisor/cases/${webCase}/export`, coordinator.token)
    expect(exported.body).toMatchObject({
      removed: true,
      tombstone: { reference: webCase, channel: 'web', outcome: 'advice-given', removal: 'retention' },
    })
  })

  it('erases a case at once for a coordinator: only its tombstone is left, naming who erased it', async () => {
    const reference = await local.submit(questionRequest({ description, email: requester }))
    const coordinator = await local.signIn('adv-05')

    const erased = await call('DELETE', `/api/advisor/cases/${reference}`, coordinator.token)
    expect(erased.status).toBe(200)
    expect(erased.body.tombstone).toMatchObject({ reference, removal: 'erased', erasedBy: 'adv-05', audit: [] })
    expect(erased.body.tombstone.closedAt).toBeUndefined()
    expect((await fetch(`${local.url}/_dev/cases/${reference}`)).status).toBe(404)
    expect(await itemsOf(reference)).toEqual(['TOMBSTONE/TOMBSTONE'])

    const exported = await call('GET', `/api/advisor/cases/${reference}/export`, coordinator.token)
    expect(Object.keys(exported.body).sort()).toEqual(['exportedAt', 'reference', 'removed', 'tombstone'])
    expect(JSON.stringify(exported.body)).not.toMatch(/RETENTIONDESC|retentie\.melder/)
    expect(exported.body.tombstone.audit).toEqual([
      { at: exported.body.exportedAt, type: 'exported', advisorId: 'adv-05' },
    ])
    // Erasing again changes nothing: the first tombstone stands.
    expect((await call('DELETE', `/api/advisor/cases/${reference}`, coordinator.token)).body.tombstone.removedAt).toBe(
      erased.body.tombstone.removedAt,
    )
  })
})
