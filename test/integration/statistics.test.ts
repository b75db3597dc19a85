import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { describe, expect, it } from 'vitest'
import { dutchNumber, parseDutchCsv } from '../support/dutch-csv.ts'
import { sendMail } from '../support/smtp-client.ts'
import { type AdvisorClient, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * The statistics on the local stack, from cases filed through the real doors (web form, phone intake, mail over
 * SMTP) and worked in the advisor API on the dev clock, so every record comes from the stream emulation and the
 * workflow's own breaches. The expected tables are worked out by hand in the comments (business hours: Mon–Fri
 * 08:30–17:00 Amsterdam; summer time until 25 October 2026).
 */
describe('Statistics on the local stack', () => {
  const local = useLocalStack({ smtpPort: 0, clockStart: new Date('2026-09-28T10:00:00+02:00') })
  const PERIOD = '/api/advisor/stats?from=2026-10-01&to=2026-12-31'
  const references: Record<string, string> = {}
  let advisor: AdvisorClient

  const phoneCall = (overrides: Record<string, unknown>) => ({
    requesterType: 'private',
    topic: 'question',
    phone: '0612345678',
    description: 'Een beller maakt zich zorgen over een klasgenoot van haar dochter.',
    consent: true,
    ...overrides,
  })

  async function registerCall(body: Record<string, unknown>): Promise<string> {
    const answer = await advisor.post('/api/advisor/cases', body)
    if (answer.status !== 201) throw new Error(`phone call answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    return (answer.body as { reference: string }).reference
  }

  /** A dimension's table as { month: { value: count } }. */
  function table(rows: Array<{ month: string; value: string; count: number | string }>) {
    const result: Record<string, Record<string, number | string>> = {}
    for (const row of rows) {
      const month = result[row.month] ?? {}
      month[row.value] = row.count
      result[row.month] = month
    }
    return result
  }

  async function stats(query = PERIOD) {
    const answer = await advisor.get(query)
    if (answer.status !== 200) throw new Error(`stats answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    return answer.body as {
      months: string[]
      counts: Record<string, Array<{ month: string; value: string; count: number | string }>>
      deadlines: Array<Record<string, unknown>>
      openAtEnd: number | string
      published: boolean
    }
  }

  it('files and works cases over four months through the real doors', async () => {
    advisor = await local.signIn('adv-01')
    // September (before the period), never worked: still open at its end.
    references.j = await local.submit(questionRequest())

    // October. a: a web question, acknowledged after 1.5 h, answered after 8.5 h, closed.
    await local.setClock('2026-10-05T09:00:00+02:00')
    references.a = await local.submit(questionRequest({ signals: ['isolation', 'hostility'], ideology: 'jihadism' }))
    await local.setClock('2026-10-05T10:30:00+02:00')
    await advisor.act(references.a, 'acknowledge')
    await local.setClock('2026-10-06T09:00:00+02:00')
    await advisor.act(references.a, 'replies', { text: 'Goedemorgen, wij bellen u vandaag.' })
    await local.setClock('2026-10-07T12:00:00+02:00')
    await advisor.act(references.a, 'close', { outcome: 'advice-given' })
    // b: an urgent phone call about a person, acknowledged at once, closed after 4.5 h (Thu 3 h + Fri 1.5 h).
    await local.setClock('2026-10-15T14:00:00+02:00')
    references.b = await registerCall(
      phoneCall({ requesterType: 'professional', sector: 'education', topic: 'case', immediateDanger: true }),
    )
    await local.setClock('2026-10-16T10:00:00+02:00')
    await advisor.act(references.b, 'close', { outcome: 'referred' })
    // c: a mail on Saturday 31 October at 23:30 (October in Amsterdam), never classified. The acknowledge window
    // (4 h, from Monday 08:30) is breached at 12:30; acknowledged at 13:30 (5 h); the respond window (16 h) is
    // breached on Tuesday 3 November at 16:00, while the clock moves on to November.
    await local.setClock('2026-10-31T23:30:00+01:00')
    const sent = await sendMail(local.stack.smtpPort, {
      from: 'ouder@example.nl',
      subject: 'Zorgen over mijn zoon',
      text: 'Mijn zoon trekt zich terug en kijkt filmpjes die geweld verheerlijken.',
    })
    expect(sent.code).toBe(250)
    await local.settle()
    const listed = (await advisor.get('/api/advisor/cases')).body as {
      cases: Array<{ reference: string; channel: string }>
    }
    references.c = listed.cases.find((item) => item.channel === 'email')?.reference ?? ''
    expect(references.c).toMatch(/^MAR-/)
    await local.setClock('2026-11-02T13:30:00+01:00')
    await advisor.act(references.c, 'acknowledge')

    // November. d: a training request on Monday 08:00, acknowledged after 2 h, answered after 21 h, closed.
    await local.setClock('2026-11-09T08:00:00+01:00')
    references.d = await local.submit(
      questionRequest({ requesterType: 'professional', sector: 'care', topic: 'training', ideology: 'unknown' }),
    )
    await local.setClock('2026-11-09T10:30:00+01:00')
    await advisor.act(references.d, 'acknowledge')
    await local.setClock('2026-11-11T12:30:00+01:00')
    await advisor.act(references.d, 'replies', { text: 'Wij plannen de training in januari.' })
    await local.setClock('2026-11-12T09:00:00+01:00')
    await advisor.act(references.d, 'close', { outcome: 'training-info' })
    // e: Monday 30 November at 23:30 (November), never acknowledged: breached on Tuesday at 16:30.
    await local.setClock('2026-11-30T23:30:00+01:00')
    references.e = await local.submit(questionRequest({ ideology: 'extreme-right' }))

    // December. f: 1 December 00:15 (still November in UTC), urgent; acknowledged at 09:00 (0.5 h), answered at
    // 16:00 (7.5 h), closed.
    await local.setClock('2026-12-01T00:15:00+01:00')
    references.f = await local.submit(
      questionRequest({
        requesterType: 'professional',
        sector: 'welfare',
        topic: 'case',
        immediateDanger: true,
        ideology: 'polarisation',
        signals: ['intimidation'],
      }),
    )
    await local.setClock('2026-12-01T09:00:00+01:00')
    await advisor.act(references.f, 'acknowledge')
    await local.setClock('2026-12-01T16:00:00+01:00')
    await advisor.act(references.f, 'replies', { text: 'Wij nemen vandaag contact op met de school.' })
    await local.setClock('2026-12-02T10:00:00+01:00')
    await advisor.act(references.f, 'close', { outcome: 'no-concern' })
    // g: a phone call on Friday 16:30, acknowledged at once, not answered yet.
    await local.setClock('2026-12-04T16:30:00+01:00')
    references.g = await registerCall(phoneCall({ signals: ['family-break'] }))
    await local.setClock('2026-12-04T17:00:00+01:00')

    expect((await local.caseOf(references.c)).breaches?.map((breach) => breach.clock)).toEqual([
      'acknowledge',
      'respond',
    ])
    expect((await local.caseOf(references.e)).breaches?.map((breach) => breach.clock)).toEqual(['acknowledge'])
  })

  const EXPECTED_CHANNEL = {
    '2026-10': { web: 1, email: 1, phone: 1 },
    '2026-11': { web: 2, email: 0, phone: 0 },
    '2026-12': { web: 1, email: 0, phone: 1 },
  }
  const EXPECTED_DEADLINES = [
    // a 1.5 h, b 0 h, c 5 h (breached).
    {
      month: '2026-10',
      clock: 'acknowledge',
      cases: 3,
      stopped: 3,
      inTime: 2,
      breaches: 1,
      inTimeShare: 0.667,
      medianBusinessHours: 1.5,
    },
    // a answered after 8.5 h, b closed after 4.5 h, c breached and running.
    {
      month: '2026-10',
      clock: 'respond',
      cases: 3,
      stopped: 2,
      inTime: 2,
      breaches: 1,
      inTimeShare: 0.667,
      medianBusinessHours: 6.5,
    },
    // d 2 h; e breached.
    {
      month: '2026-11',
      clock: 'acknowledge',
      cases: 2,
      stopped: 1,
      inTime: 1,
      breaches: 1,
      inTimeShare: 0.5,
      medianBusinessHours: 2,
    },
    // d 21 h; e running within its window.
    {
      month: '2026-11',
      clock: 'respond',
      cases: 2,
      stopped: 1,
      inTime: 1,
      breaches: 0,
      inTimeShare: 1,
      medianBusinessHours: 21,
    },
    // f 0.5 h, g 0 h.
    {
      month: '2026-12',
      clock: 'acknowledge',
      cases: 2,
      stopped: 2,
      inTime: 2,
      breaches: 0,
      inTimeShare: 1,
      medianBusinessHours: 0.25,
    },
    // f 7.5 h; g running.
    {
      month: '2026-12',
      clock: 'respond',
      cases: 2,
      stopped: 1,
      inTime: 1,
      breaches: 0,
      inTimeShare: 1,
      medianBusinessHours: 7.5,
    },
  ]

  let first: Awaited<ReturnType<typeof stats>>

  it('answers the hand-computed tables', async () => {
    // Act
    first = await stats()

    // Assert
    expect(first.months).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(table(first.counts.channel ?? [])).toEqual(EXPECTED_CHANNEL)
    expect(table(first.counts.topic ?? [])).toEqual({
      '2026-10': { question: 1, case: 1, training: 0, unclassified: 1 },
      '2026-11': { question: 1, case: 0, training: 1, unclassified: 0 },
      '2026-12': { question: 1, case: 1, training: 0, unclassified: 0 },
    })
    expect(table(first.counts.requesterType ?? [])).toEqual({
      '2026-10': { professional: 1, private: 1, 'not-given': 1 },
      '2026-11': { professional: 1, private: 1, 'not-given': 0 },
      '2026-12': { professional: 1, private: 1, 'not-given': 0 },
    })
    expect(table(first.counts.urgency ?? [])).toEqual({
      '2026-10': { normal: 2, urgent: 1 },
      '2026-11': { normal: 2, urgent: 0 },
      '2026-12': { normal: 1, urgent: 1 },
    })
    const outcomes = { 'advice-given': 0, referred: 0, 'no-concern': 0, 'training-info': 0, withdrawn: 0 }
    expect(table(first.counts.outcome ?? [])).toEqual({
      '2026-10': { ...outcomes, 'advice-given': 1, referred: 1, open: 1 },
      '2026-11': { ...outcomes, 'training-info': 1, open: 1 },
      '2026-12': { ...outcomes, 'no-concern': 1, open: 1 },
    })
    expect(table(first.counts.signals ?? [])['2026-10']).toMatchObject({ isolation: 1, hostility: 1, none: 2 })
    expect(table(first.counts.ideology ?? [])['2026-12']).toMatchObject({ polarisation: 1, 'not-given': 1 })
    expect(first.deadlines).toEqual(EXPECTED_DEADLINES)
    // c, e, g of the period and j of September.
    expect(first.openAtEnd).toBe(4)
    expect(JSON.stringify(first)).not.toMatch(/MAR-[0-9A-Z]{4}-|example\.nl|Zorgen|0612345678/)
  })

  it('counts a case once when the stream delivers its record again, or a change that alters no figure', async () => {
    // Arrange: the same image stored again (a repeated MODIFY), and a new version with the same facts.
    const { documents, tableName } = local.stack
    const { Item } = await documents.send(
      new GetCommand({ TableName: tableName, Key: { pk: `CASE#${references.a}`, sk: 'CASE' } }),
    )
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item,
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': Item?.version },
      }),
    )
    const current = await local.stack.cases.getCase(references.g ?? '')
    if (current === undefined) throw new Error('case g is gone')
    await local.stack.cases.updateCase(current, {})
    await local.settle()

    // Act
    const again = await stats()

    // Assert
    expect(again).toEqual(first)
  })

  it('gives the same figures after every item of the cases is deleted (the retention purge)', async () => {
    // Arrange
    const { documents, tableName } = local.stack
    for (const reference of Object.values(references)) {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CASE#${reference}` },
        }),
      )
      expect(Items.length).toBeGreaterThan(1)
      for (const item of Items) {
        await documents.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }))
      }
    }
    await local.settle()
    expect(await local.stack.cases.getCase(references.a ?? '')).toBeUndefined()

    // Act
    const after = await stats()

    // Assert
    expect(after).toEqual(first)
  })

  it('answers CSV as a download, with a header row and a row per month and value', async () => {
    // Act
    const response = await fetch(`${local.url}${PERIOD}&format=csv`, {
      headers: { authorization: `Bearer ${advisor.token}` },
    })
    const body = await response.text()

    // Assert
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="mar-statistieken-2026-10-01-2026-12-31.csv"',
    )
    const lines = body.split('\r\n')
    expect(lines[0]).toBe('month,dimension,value,figure')
    expect(lines).toEqual(
      expect.arrayContaining([
        '2026-10,channel,web,1',
        '2026-10,channel,email,1',
        '2026-11,channel,phone,0',
        '2026-10,topic,unclassified,1',
        '2026-10,deadline:acknowledge,inTimeShare,0.667',
        '2026-11,deadline:respond,medianBusinessHours,21',
        '2026-12,open-at-end,2026-12-31,4',
      ]),
    )
    // 8 dimensions: 3 + 4 + 3 + 5 + 9 + 8 + 2 + 6 = 40 values a month; 12 deadline figures a month; header, open at end.
    expect(lines.filter((line) => line !== '')).toHaveLength(1 + 3 * 40 + 3 * 12 + 1)
  })

  it('hides the small cells when published: 1–4 become <5, shares from them are left out, 0 stays 0', async () => {
    // Act
    const published = await stats(`${PERIOD}&publish=true`)
    const csv = await (
      await fetch(`${local.url}${PERIOD}&format=csv&publish=true`, {
        headers: { authorization: `Bearer ${advisor.token}` },
      })
    ).text()

    // Assert
    expect(published.published).toBe(true)
    expect(table(published.counts.channel ?? [])).toEqual({
      '2026-10': { web: '<5', email: '<5', phone: '<5' },
      '2026-11': { web: '<5', email: 0, phone: 0 },
      '2026-12': { web: '<5', email: 0, phone: '<5' },
    })
    expect(published.deadlines[0]).toEqual({
      month: '2026-10',
      clock: 'acknowledge',
      cases: '<5',
      stopped: '<5',
      inTime: '<5',
      breaches: '<5',
      inTimeShare: null,
      medianBusinessHours: null,
    })
    expect(published.openAtEnd).toBe('<5')
    expect(csv).toContain('2026-10,channel,web,<5\r\n')
    expect(csv).toContain('2026-11,channel,email,0\r\n')
    expect(csv).toContain('2026-10,deadline:acknowledge,inTimeShare,\r\n')
  })

  it('refuses bad periods with a message on the field', async () => {
    expect(await advisor.get('/api/advisor/stats?from=2026-02-30&to=2026-03-31')).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: expect.any(String),
          fields: { from: expect.stringContaining('bestaande datum') },
        },
      },
    })
    expect(await advisor.get('/api/advisor/stats?from=2026-12-31&to=2026-10-01')).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: expect.any(String),
          fields: { to: 'De einddatum ligt vóór de begindatum.' },
        },
      },
    })
    expect((await advisor.get('/api/advisor/stats')).status).toBe(400)
    expect((await advisor.get(`${PERIOD}&format=xlsx`)).status).toBe(400)
  })

  it('answers 401 without a token and 403 to someone who is not on the roster', async () => {
    const anonymous = await fetch(`${local.url}${PERIOD}`)
    const offRoster = await fetch(`${local.url}${PERIOD}`, {
      headers: { authorization: `Bearer ${await local.stack.auth.sign({ advisorId: 'adv-99', groups: ['advisor'] })}` },
    })

    expect(anonymous.status).toBe(401)
    expect(offRoster.status).toBe(403)
    expect(await offRoster.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } })
  })

  it('answers the same figures for Dutch Excel: BOM, semicolons, decimal commas, Dutch labels', async () => {
    // Act
    const response = await fetch(`${local.url}${PERIOD}&format=excel`, {
      headers: { authorization: `Bearer ${advisor.token}` },
    })
    const bytes = Buffer.from(await response.arrayBuffer())

    // Assert
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="mar-statistieken-2026-10-01-2026-12-31-excel.csv"',
    )
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const { rows } = parseDutchCsv(bytes.toString('utf8'))
    expect(rows[0]).toEqual(['Maand', 'Indeling', 'Waarde', 'Aantal'])
    const figure = (month: string, part: string, value: string) =>
      rows.find((row) => row[0] === month && row[1] === part && row[2] === value)?.[3]
    // The hand-computed figures of the CSV above, in Dutch.
    expect(figure('oktober 2026', 'Kanaal', 'Webformulier')).toBe('1')
    expect(figure('oktober 2026', 'Kanaal', 'E-mail')).toBe('1')
    expect(figure('november 2026', 'Kanaal', 'Telefoon')).toBe('0')
    expect(figure('oktober 2026', 'Onderwerp', 'Nog niet ingedeeld')).toBe('1')
    expect(dutchNumber(figure('oktober 2026', 'Termijn ontvangst bevestigen', 'Deel op tijd (%)') ?? '')).toBe(66.7)
    expect(dutchNumber(figure('november 2026', 'Termijn antwoorden', 'Mediaan (werkuren)') ?? '')).toBe(21)
    expect(figure('december 2026', 'Open aan het eind van de periode', '31 december 2026')).toBe('4')
    // As many rows as the CSV: header, 3 months × (40 values + 12 deadline figures), open at the end.
    expect(rows).toHaveLength(1 + 3 * 40 + 3 * 12 + 1)
  })

  it('answers period=current-month with the month of the dev clock, from its 1st through today', async () => {
    // Arrange
    await local.setClock('2027-02-14T12:00:00+01:00')

    // Act
    const report = (await advisor.get('/api/advisor/stats?period=current-month')).body as {
      from: string
      to: string
      months: string[]
    }

    // Assert
    expect([report.from, report.to, report.months]).toEqual(['2027-02-01', '2027-02-14', ['2027-02']])
    expect((await advisor.get('/api/advisor/stats?period=current-month&from=2027-02-01')).status).toBe(400)
  })
})
