import { Logger } from '@aws-lambda-powertools/logger'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it, vi } from 'vitest'
import { createAdvisorApiHandler } from '../../../functions/advisor-api/advisor-handler.ts'
import type { Case } from '../../../functions/core/cases/case.ts'
import { STARTER_TEMPLATES } from '../../../functions/views/advisor/starter-templates.ts'
import { FileObjectStore } from '../../../local/file-object-store.ts'
import { InMemoryCaseStatistics } from '../../fakes/in-memory-case-statistics.ts'
import { InMemoryReplyTemplates } from '../../fakes/in-memory-reply-templates.ts'
import { storedCase } from '../../fakes/stored-case.ts'
import { workflowDependencies } from '../../fakes/workflow-dependencies.ts'

/** What a test may override of the stored case (the fake's own parameter type). */
type CaseOverrides = Omit<Parameters<typeof storedCase>[0], 'createdAt'> & { createdAt?: string }

const REFERENCE = 'MAR-0000-0001'
/** Monday 2027-01-11 11:00 CET. */
const NOW = '2027-01-11T10:00:00.000Z'
const RECEIVED = '2027-01-11T09:00:00.000Z'
const SENTINEL = 'Sentinel antwoordtekst Qx7'
/** The reference the scripted random bytes (de ad be ef 00) draw for a phone call. */
const PHONE_REFERENCE = 'MAR-VTPV-XVR0'

const ADV_01_CLAIMS = { username: 'adv-01', 'cognito:groups': '[advisor]', client_id: 'workspace' }

function assignedQuestion(overrides: CaseOverrides = {}): Case {
  return storedCase({
    reference: REFERENCE,
    createdAt: RECEIVED,
    status: 'assigned',
    assignee: 'adv-01',
    routedAt: RECEIVED,
    version: 2,
    ...overrides,
  })
}

interface Request {
  routeKey: string
  reference?: string
  action?: string
  id?: string
  query?: Record<string, string>
  body?: unknown
  contentType?: string
  claims?: Record<string, unknown> | null
}

function event(request: Request): APIGatewayProxyEventV2 {
  const [method = 'GET'] = request.routeKey.split(' ')
  const pathParameters = {
    ...(request.reference === undefined ? {} : { reference: request.reference }),
    ...(request.action === undefined ? {} : { action: request.action }),
    ...(request.id === undefined ? {} : { id: request.id }),
  }
  const claims = request.claims === undefined ? ADV_01_CLAIMS : request.claims
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: '/api/advisor/cases',
    rawQueryString: '',
    headers: { 'content-type': request.contentType ?? 'application/json' },
    ...(request.query ? { queryStringParameters: request.query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(request.body === undefined
      ? {}
      : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
    isBase64Encoded: false,
    requestContext: {
      http: { method, path: '/api/advisor/cases', sourceIp: '203.0.113.9' },
      ...(claims === null ? {} : { authorizer: { jwt: { claims, scopes: ['openid'] } } }),
    },
  } as unknown as APIGatewayProxyEventV2
}

async function setUp(stored: Case[] = [assignedQuestion()]) {
  const testbed = workflowDependencies({ now: NOW, randomBytes: [0xde, 0xad, 0xbe, 0xef] })
  for (const one of stored) await testbed.cases.createCase(one)
  const logger = new Logger({ logLevel: 'SILENT' })
  const logged = [vi.spyOn(logger, 'info'), vi.spyOn(logger, 'warn'), vi.spyOn(logger, 'error')]
  const store = new FileObjectStore()
  const replyTemplates = new InMemoryReplyTemplates()
  const handler = createAdvisorApiHandler({
    ...testbed.deps,
    store,
    statistics: new InMemoryCaseStatistics(),
    // Export and erase run against the table (test/integration/retention.test.ts); these tests never reach them.
    retention: {
      closedBefore: async () => [],
      rawMailKeys: async () => [],
      deleteCase: async () => 0,
      getTombstone: async () => undefined,
      putTombstone: async (tombstone) => tombstone,
      auditTombstone: async () => undefined,
    },
    retentionPolicy: {
      closedCaseMonths: 12,
      closedCaseMonthsByOutcome: {},
      staleOpenCaseDays: 60,
      tombstoneDays: 3653,
    },
    caseRetentionDays: 730,
    maxBodyBytes: 65_536,
    marPhone: '06 - 23 66 03 86',
    replyTemplates,
    starterTemplates: STARTER_TEMPLATES,
    logger,
  })
  const call = async (request: Request) => {
    const response = await handler(event(request), {} as never)
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined, response }
  }
  const logText = () => JSON.stringify(logged.flatMap((spy) => spy.mock.calls))
  return { ...testbed, call, logText, replyTemplates }
}

const action = (name: string, body: unknown = {}, extra: Partial<Request> = {}): Request => ({
  routeKey: 'POST /api/advisor/cases/{reference}/{action}',
  reference: REFERENCE,
  action: name,
  body,
  ...extra,
})

describe('Handler: the advisor API', () => {
  describe('sign-in', () => {
    it.each([
      ['the list', { routeKey: 'GET /api/advisor/cases' }],
      ['a case', { routeKey: 'GET /api/advisor/cases/{reference}', reference: REFERENCE }],
      ['an action', action('notes', { text: 'x' })],
      ['an action with a body it could not read', action('notes', '{not json', { contentType: 'text/plain' })],
    ])('answers 401 for %s without claims, and touches no case', async (_kind, request) => {
      // Arrange
      const { call, cases } = await setUp()

      // Act
      const { status, body } = await call({ ...request, claims: null })

      // Assert
      expect(status).toBe(401)
      expect(body).toEqual({ error: { code: 'unauthorized', message: 'Sign in to MAR Intake.' } })
      expect(cases.events.size).toBe(0)
      expect(cases.messages.size).toBe(0)
    })

    it.each([
      ['not on the roster', { username: 'adv-99', 'cognito:groups': '[advisor]' }],
      ['in no staff group', { username: 'adv-01', 'cognito:groups': '[]' }],
    ])('answers 403 forbidden to someone signed in but %s', async (_kind, claims) => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call({ routeKey: 'GET /api/advisor/cases', claims })

      // Assert
      expect(status).toBe(403)
      expect(body).toEqual({ error: { code: 'forbidden', message: 'You may not work cases in MAR Intake.' } })
    })
  })

  describe('GET /api/advisor/cases', () => {
    it('answers 200 with the open cases and the staff', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body, response } = await call({ routeKey: 'GET /api/advisor/cases', query: { assignee: 'me' } })

      // Assert
      expect(status).toBe(200)
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(response.headers['cache-control']).toBe('no-store')
      expect(body.cases).toEqual([
        {
          reference: REFERENCE,
          status: 'assigned',
          topic: 'question',
          urgency: 'normal',
          channel: 'web',
          assignee: 'adv-01',
          dueAt: '2027-01-12T08:30:00.000Z',
          clock: 'acknowledge',
          paused: false,
          // Its reminder (75 % of 8 business hours) is at 16:00: at 11:00 it is on time.
          risk: 'on-time',
          createdAt: RECEIVED,
          requesterType: 'professional',
          sector: 'welfare',
        },
      ])
      expect(body.now).toBe(NOW)
      expect(body.me).toEqual({ id: 'adv-01', name: 'Anouk Verbeek', roles: ['advisor'] })
      expect(body.advisors).toHaveLength(5)
    })

    it('answers 400 naming the filter that is wrong', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call({ routeKey: 'GET /api/advisor/cases', query: { status: 'open' } })

      // Assert
      expect(status).toBe(400)
      expect(body).toEqual({
        error: {
          code: 'validation_failed',
          message: 'The request is not valid.',
          fields: { status: 'Kies een status: received, assigned, unassigned, acknowledged, answered, closed.' },
        },
      })
    })

    it('filters by risk, and answers 400 naming the values for a risk it does not know', async () => {
      // Arrange: one case on time (above), and one received Friday whose acknowledge deadline was Monday 09:30
      const late = assignedQuestion({ reference: 'MAR-0000-0002', createdAt: '2027-01-08T09:00:00.000Z' })
      const { call } = await setUp([assignedQuestion(), late])

      // Act
      const overdue = await call({ routeKey: 'GET /api/advisor/cases', query: { risk: 'overdue' } })
      const refused = await call({ routeKey: 'GET /api/advisor/cases', query: { risk: 'late' } })

      // Assert
      expect(overdue.status).toBe(200)
      expect(overdue.body.cases.map((entry: { reference: string }) => entry.reference)).toEqual(['MAR-0000-0002'])
      expect(refused.status).toBe(400)
      expect(refused.body.error.fields).toEqual({
        risk: 'Kies een van: overdue, due-soon, on-time, paused, none.',
      })
    })
  })

  describe('GET /api/advisor/workload', () => {
    it('answers 200 with every advisor on the roster, their open and overdue cases and whether on duty', async () => {
      // Arrange: adv-01 holds the case on time and one overdue since 09:30; adv-02 one answered case
      const late = assignedQuestion({ reference: 'MAR-0000-0002', createdAt: '2027-01-08T09:00:00.000Z' })
      const answered = assignedQuestion({ reference: 'MAR-0000-0003', status: 'answered', assignee: 'adv-02' })
      const { call } = await setUp([assignedQuestion(), late, answered])

      // Act
      const { status, body } = await call({ routeKey: 'GET /api/advisor/workload' })

      // Assert: Monday 11:00, the example roster: adv-01 primary and adv-03 backup on duty
      expect(status).toBe(200)
      expect(body).toEqual({
        advisors: [
          { id: 'adv-01', name: 'Anouk Verbeek', onDuty: true, open: 2, overdue: 1 },
          { id: 'adv-02', name: 'Youssef Bakkali', onDuty: false, open: 1, overdue: 0 },
          { id: 'adv-03', name: 'Marloes Kuipers', onDuty: true, open: 0, overdue: 0 },
          { id: 'adv-04', name: 'Daan Hoekstra', onDuty: false, open: 0, overdue: 0 },
          { id: 'adv-05', name: 'Priya Ramdin', onDuty: false, open: 0, overdue: 0 },
        ],
      })
    })

    it('answers 403 to someone not on the roster', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status } = await call({
        routeKey: 'GET /api/advisor/workload',
        claims: { username: 'adv-99', 'cognito:groups': '[advisor]' },
      })

      // Assert
      expect(status).toBe(403)
    })
  })

  describe('GET /api/advisor/cases?q= (search)', () => {
    it('answers the cases found, and audits the search in one log line without its terms: who, which filters, how many', async () => {
      // Arrange
      const { call, logText } = await setUp([assignedQuestion({ name: 'Sentinel Qx7 Jansen' })])

      // Act
      const { status, body } = await call({
        routeKey: 'GET /api/advisor/cases',
        query: { q: 'jansen', status: 'assigned' },
      })

      // Assert
      expect(status).toBe(200)
      expect(body.cases.map((entry: { reference: string }) => entry.reference)).toEqual([REFERENCE])
      expect(body).not.toHaveProperty('audit')
      const lines = JSON.parse(logText()) as Array<[string, Record<string, unknown>]>
      expect(lines).toContainEqual([
        'case search',
        { route: 'GET /api/advisor/cases', advisorId: 'adv-01', count: 1, filters: ['q', 'status'] },
      ])
      expect(logText()).not.toMatch(/jansen|sentinel|qx7/i)
    })
  })

  describe('GET /api/advisor/cases/{reference}', () => {
    it('answers 200 with the case and records the read', async () => {
      // Arrange
      const { call, cases } = await setUp()

      // Act
      const { status, body } = await call({ routeKey: 'GET /api/advisor/cases/{reference}', reference: REFERENCE })

      // Assert
      expect(status).toBe(200)
      expect(body.case).toMatchObject({
        reference: REFERENCE,
        description: 'Hoe herken ik polarisatie in mijn buurthuis?',
      })
      expect(await cases.listEvents(REFERENCE)).toEqual([
        { id: `read:adv-01:${NOW}:deadbeef`, at: NOW, type: 'read', advisorId: 'adv-01' },
      ])
    })

    it.each([
      ['a reference that is not one', 'MAR-0000-000I'],
      ['a reference in lower case', 'mar-0000-0001'],
      ['a reference no case has', 'MAR-ZZZZ-ZZZZ'],
      ['a path that tries to climb', '..%2F..%2Fetc'],
    ])('answers 404 for %s', async (_kind, reference) => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call({ routeKey: 'GET /api/advisor/cases/{reference}', reference })

      // Assert
      expect(status).toBe(404)
      expect(body).toEqual({ error: { code: 'not_found', message: 'No case with this reference.' } })
    })
  })

  describe('POST /api/advisor/cases/{reference}/{action}', () => {
    it('answers a reply with 201, its message, and the case answered; the text is not logged', async () => {
      // Arrange
      const { call, outbox, logText } = await setUp()

      // Act
      const { status, body } = await call(action('replies', { text: SENTINEL }))

      // Assert
      expect(status).toBe(201)
      expect(body).toEqual({
        reference: REFERENCE,
        status: 'answered',
        message: {
          id: `${NOW}-deadbeef`,
          kind: 'reply',
          author: 'advisor',
          advisorId: 'adv-01',
          text: SENTINEL,
          at: NOW,
        },
        via: 'mail',
      })
      expect(outbox.entries(REFERENCE).map((mail) => mail.id)).toEqual([`reply:${NOW}-deadbeef`])
      expect(logText()).toContain(REFERENCE)
      expect(logText()).not.toContain(SENTINEL)
    })

    it('answers a note with 201', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call(action('notes', { text: 'Gebeld' }))

      // Assert
      expect(status).toBe(201)
      expect(body).toMatchObject({
        reference: REFERENCE,
        status: 'assigned',
        message: { kind: 'note', text: 'Gebeld' },
      })
    })

    it.each([
      ['acknowledge', {}, { reference: REFERENCE, status: 'acknowledged' }],
      ['assign', { advisorId: 'adv-02' }, { reference: REFERENCE, status: 'assigned', assignee: 'adv-02' }],
      ['close', { outcome: 'advice-given' }, { reference: REFERENCE, status: 'closed' }],
    ])('answers %s with 200', async (name, requestBody, answer) => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call(action(name, requestBody))

      // Assert
      expect(status).toBe(200)
      expect(body).toEqual(answer)
    })

    it('answers pause and resume with 200', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const paused = await call(action('pause', { reason: 'Wachten', until: '2027-01-12T10:00:00+01:00' }))
      const resumed = await call(action('resume', {}))

      // Assert
      expect(paused).toMatchObject({
        status: 200,
        body: {
          reference: REFERENCE,
          status: 'assigned',
          pause: { since: NOW, until: '2027-01-12T09:00:00.000Z', reason: 'Wachten', by: 'adv-01' },
        },
      })
      expect(resumed).toMatchObject({ status: 200, body: { reference: REFERENCE, status: 'assigned' } })
    })

    it.each([
      ['acknowledge twice', [action('acknowledge')], action('acknowledge'), 'already_acknowledged'],
      [
        'close twice',
        [action('close', { outcome: 'referred' })],
        action('close', { outcome: 'referred' }),
        'case_closed',
      ],
      ['pause twice', [action('pause', { reason: 'a' })], action('pause', { reason: 'b' }), 'already_paused'],
      ['resume a case not paused', [], action('resume'), 'not_paused'],
      [
        'pause an answered case',
        [action('replies', { text: 'x' })],
        action('pause', { reason: 'a' }),
        'no_running_clock',
      ],
    ])('answers 409 with the code when asked to %s', async (_kind, before, request, code) => {
      // Arrange
      const { call } = await setUp()
      for (const earlier of before) expect((await call(earlier)).status).toBeLessThan(300)

      // Act
      const { status, body } = await call(request)

      // Assert
      expect(status).toBe(409)
      expect(body).toEqual({ error: { code, message: expect.any(String) } })
    })

    it('answers 409 no_mail_address to a reply to an anonymous requester', async () => {
      // Arrange
      const anonymous = { ...assignedQuestion(), anonymous: true, email: undefined } as Case
      const { call } = await setUp([anonymous])

      // Act
      const { status, body } = await call(action('replies', { text: 'Hallo' }))

      // Assert
      expect(status).toBe(409)
      expect(body).toEqual({
        error: {
          code: 'no_mail_address',
          message: 'The requester left no e-mail address: call them, and record the answer with via "phone".',
        },
      })
    })

    it.each([
      [
        'a text that is too long',
        action('replies', { text: 'x'.repeat(10_001) }),
        { text: 'De tekst is langer dan 10000 tekens.' },
      ],
      [
        'an unknown advisor',
        action('assign', { advisorId: 'adv-99' }),
        { advisorId: 'Kies een adviseur uit het rooster.' },
      ],
      [
        'an unknown field',
        action('notes', { text: 'x', extra: 1 }),
        { _body: '1 onbekend(e) veld(en); toegestaan: text.' },
      ],
      [
        'an until in the past',
        action('pause', { reason: 'x', until: '2027-01-01T10:00:00+01:00' }),
        { until: 'Kies een moment in de toekomst.' },
      ],
    ])('answers 400 with the field for %s', async (_kind, request, fields) => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call(request)

      // Assert
      expect(status).toBe(400)
      expect(body).toEqual({ error: { code: 'validation_failed', message: 'The request is not valid.', fields } })
    })

    it.each([
      ['acknowledge', action('acknowledge', { advisorId: 'adv-03' })],
      ['resume', action('resume', { force: true })],
    ])('refuses unknown fields on %s, as on every other action', async (_name, request) => {
      // Arrange
      const { call } = await setUp([assignedQuestion({ pause: { since: NOW, reason: 'x', by: 'adv-01' } })])

      // Act
      const { status, body } = await call(request)

      // Assert
      expect({ status, fields: Object.keys(body.error?.fields ?? {}) }).toEqual({ status: 400, fields: ['_body'] })
    })

    it('answers 400 to a body that is not JSON', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call(action('notes', '{"text": "x"'))

      // Assert
      expect(status).toBe(400)
      expect(body.error.code).toBe('validation_failed')
    })

    it.each([
      ['a form post', 'application/x-www-form-urlencoded', 'text=Hallo'],
      ['plain text', 'text/plain', 'Hallo'],
      ['JSON in another charset', 'application/json; charset=latin1', '{"text":"Hallo"}'],
    ])('answers 415 to %s, and stores nothing', async (_kind, contentType, requestBody) => {
      // Arrange
      const { call, cases } = await setUp()

      // Act
      const { status, body } = await call(action('notes', requestBody, { contentType }))

      // Assert
      expect(status).toBe(415)
      expect(body.error.code).toBe('unsupported_media_type')
      expect(cases.messages.size).toBe(0)
    })

    it.each(['delete', 'Replies', '__proto__', 'constructor', 'hasOwnProperty', 'toString', ''])(
      'answers 404 to the action %j',
      async (name) => {
        // Arrange
        const { call, cases } = await setUp()

        // Act
        const { status, body } = await call(action(name, {}))

        // Assert
        expect(status).toBe(404)
        expect(body).toEqual({ error: { code: 'not_found', message: 'No such action.' } })
        expect(cases.cases.get(REFERENCE)).toEqual(assignedQuestion())
      },
    )

    it('answers 404 to an action on a reference that is not one, before reading its body', async () => {
      // Arrange
      const { call } = await setUp()

      // Act
      const { status, body } = await call(action('notes', { text: 'x' }, { reference: 'MAR-0000-00O1' }))

      // Assert
      expect(status).toBe(404)
      expect(body.error.code).toBe('not_found')
    })
  })

  describe('POST /api/advisor/cases (a phone call)', () => {
    const call = {
      requesterType: 'private',
      topic: 'question',
      phone: '0612345678',
      description: 'Mijn neef praat steeds vaker over een complot en trekt zich terug.',
      consent: true,
    }

    it('answers 201 with the new case, acknowledged by the advisor who took the call', async () => {
      // Arrange
      const testbed = await setUp([])

      // Act
      const { status, body } = await testbed.call({ routeKey: 'POST /api/advisor/cases', body: call })

      // Assert
      expect(status).toBe(201)
      expect(body).toEqual({ reference: PHONE_REFERENCE, status: 'acknowledged' })
      expect(testbed.cases.cases.get(body.reference)).toMatchObject({
        channel: 'phone',
        status: 'acknowledged',
        assignee: 'adv-01',
      })
    })

    it('answers 400 with the field messages of the web form', async () => {
      // Arrange
      const testbed = await setUp([])

      // Act
      const { status, body } = await testbed.call({
        routeKey: 'POST /api/advisor/cases',
        body: { ...call, phone: undefined },
      })

      // Assert
      expect(status).toBe(400)
      expect(body.error.code).toBe('validation_failed')
      expect(Object.keys(body.error.fields)).toEqual(['email'])
      expect(testbed.cases.cases.size).toBe(0)
    })
  })

  describe('/api/advisor/templates', () => {
    const COORDINATOR_CLAIMS = { username: 'adv-05', 'cognito:groups': '[coordinator]', client_id: 'workspace' }
    const put = (id: string, body: unknown, extra: Partial<Request> = {}): Request => ({
      routeKey: 'PUT /api/advisor/templates/{id}',
      id,
      body,
      claims: COORDINATOR_CLAIMS,
      ...extra,
    })

    it('lists the templates to an advisor', async () => {
      const { call } = await setUp()

      const { status, body } = await call({ routeKey: 'GET /api/advisor/templates' })

      expect(status).toBe(200)
      expect(body.templates).toHaveLength(STARTER_TEMPLATES.length)
    })

    it('answers a coordinator’s new template 201, a replaced one 200, a delete 200, the id in the log, not the text', async () => {
      const { call, logText } = await setUp()

      const created = await call(put('dank', { title: 'Dank', text: SENTINEL }))
      const replaced = await call(put('dank', { title: 'Dank', text: 'Dank u.' }))
      const deleted = await call({
        routeKey: 'DELETE /api/advisor/templates/{id}',
        id: 'dank',
        claims: COORDINATOR_CLAIMS,
      })

      expect(created.status).toBe(201)
      expect(created.body.template).toMatchObject({ id: 'dank', language: 'nl', text: SENTINEL, updatedBy: 'adv-05' })
      expect(replaced.status).toBe(200)
      expect(deleted).toMatchObject({ status: 200, body: { id: 'dank', deleted: true } })
      expect(logText()).toContain('dank')
      expect(logText()).not.toContain(SENTINEL)
    })

    it('refuses an advisor’s PUT and DELETE with 403', async () => {
      const { call, replyTemplates } = await setUp()

      const putAnswer = await call(put('dank', { title: 'Dank', text: 'x' }, { claims: ADV_01_CLAIMS }))
      const deleteAnswer = await call({ routeKey: 'DELETE /api/advisor/templates/{id}', id: 'terugbellen' })

      expect(putAnswer.status).toBe(403)
      expect(deleteAnswer.status).toBe(403)
      expect(replyTemplates.written).toBe(false)
    })

    it('takes a PUT only as JSON (415), and answers an unknown template’s DELETE with 404', async () => {
      const { call } = await setUp()

      const form = await call(put('dank', 'title=Dank&text=x', { contentType: 'application/x-www-form-urlencoded' }))
      const unknown = await call({
        routeKey: 'DELETE /api/advisor/templates/{id}',
        id: 'nergens',
        claims: COORDINATOR_CLAIMS,
      })

      expect(form.status).toBe(415)
      expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    })
  })

  it('answers 404 to a route it does not serve', async () => {
    // Arrange
    const { call } = await setUp()

    // Act
    const { status, body } = await call({ routeKey: 'PUT /api/advisor/cases/{reference}', reference: REFERENCE })

    // Assert
    expect(status).toBe(404)
    expect(body).toEqual({ error: { code: 'not_found', message: 'No such route.' } })
  })
})
