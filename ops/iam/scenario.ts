import { readFileSync } from 'node:fs'
import { ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SNSEvent } from 'aws-lambda'
import { createTransport } from 'nodemailer'
import { createLogger } from '../../functions/adapters/logger.ts'
import { backstopDays } from '../../functions/core/retention/retention.ts'
import { composeMailEvents } from '../../functions/mail-events/compose.ts'
import { createRotationHandler } from '../../functions/signing-key-rotation/rotate-handler.ts'
import { retentionPolicyOf } from '../../lib/config.ts'
import { readAppConfig } from '../../local/config.ts'
import { LOCAL_TABLE_NAME } from '../../local/dynamo-engine.ts'
import { functionScope } from '../../local/function-scope.ts'
import { startLocalStack } from '../../local/stack.ts'
import type { CallRecorder } from './recorder.ts'

/** The secret id the rotation scenario uses: the mapping reads it as the secret the rotation schedule names. */
export const ROTATED_SECRET_ID = 'signing-key'

/**
 * One run of the whole workflow on the local stack, with every call recorded: each of the eleven functions runs, and
 * each kind of call each makes (the web form, named and anonymous, the follow-up box, one-click links, every advisor
 * action and read, a phone call, mail in with an attachment and a reply by mail, the workflow's reminders and
 * escalations on the dev clock, closing and the retention purge a year later, erasure, a bounce through the
 * mail-events function, and the link secret's four rotation steps). Throws when a step does not answer as the app
 * does, so a broken scenario cannot pass as "no calls denied".
 */
export async function runScenario(recorder: CallRecorder): Promise<{ steps: number }> {
  const stack = await startLocalStack({
    port: 0,
    smtpPort: 0,
    logLevel: 'SILENT',
    throttle: { ratePerSecond: 1000, burst: 1000 },
    clockStart: new Date('2026-12-04T10:00:00+01:00'), // a Friday morning
    instrumentClients: ({ dynamodb, ses }) => {
      recorder.instrument(dynamodb as never, 'dynamodb')
      recorder.instrument(ses as never, 'ses')
    },
    recordStandInCalls: recorder.standIn,
  })
  let steps = 0
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    steps++
    const response = await fetch(`${stack.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    return {
      status: response.status,
      json: (/^[[{]/.test(text) ? JSON.parse(text) : {}) as Record<string, never>,
      text,
    }
  }
  const expectStatus = async (
    expected: number,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const answer = await call(method, path, body, headers)
    if (answer.status !== expected) {
      throw new Error(
        `scenario: ${method} ${path} answered ${answer.status}, expected ${expected}: ${answer.text.slice(0, 200)}`,
      )
    }
    return answer.json as Record<string, never>
  }
  const advance = (duration: string) => expectStatus(200, 'POST', '/_dev/clock', { advance: duration })
  const tokenOf = async (advisorId: string) =>
    `Bearer ${String((await expectStatus(200, 'POST', '/_dev/token', { advisorId })).token)}`
  const request = (overrides: Record<string, unknown> = {}) => ({
    requesterType: 'professional',
    sector: 'education',
    topic: 'question',
    email: 'mentor@school.example',
    description: 'Een leerling deelt filmpjes die geweld verheerlijken.',
    consent: true,
    ...overrides,
  })

  try {
    await expectStatus(200, 'GET', '/health')
    // The web form: named (with an idempotency key, twice), anonymous, urgent.
    const named = await expectStatus(201, 'POST', '/api/requests', request(), { 'idempotency-key': 'scenario-1' })
    await expectStatus(201, 'POST', '/api/requests', request(), { 'idempotency-key': 'scenario-1' })
    const anonymous = await expectStatus(201, 'POST', '/api/requests', request({ anonymous: true, email: undefined }))
    const urgent = await expectStatus(201, 'POST', '/api/requests', request({ immediateDanger: true, topic: 'case' }))
    await expectStatus(400, 'POST', '/api/requests', { consent: false })
    await advance('PT1M')

    // The follow-up box: read, write, a wrong receipt.
    const box = { reference: anonymous.reference, receipt: anonymous.receipt }
    await expectStatus(200, 'POST', '/api/follow-up', box)
    await expectStatus(201, 'POST', '/api/follow-up/messages', { ...box, text: 'Nog een vraag.' })
    await expectStatus(401, 'POST', '/api/follow-up', { ...box, receipt: '0000-0000-0000-0000' })

    // One-click links in advisor mail: GET confirms, POST acts.
    const mail = (await expectStatus(200, 'GET', '/_dev/mail')) as unknown as Array<{
      text: string
      messageId: string
      to: string[]
    }>
    const link = mail.map((message) => /\/actions\/([\w.-]+)/.exec(message.text)?.[1]).find(Boolean)
    if (!link) throw new Error('scenario: no action link in the advisor mail')
    await expectStatus(200, 'GET', `/actions/${link}`)
    await call('POST', `/actions/${link}`)

    // The workspace: every read and action.
    const advisor = await tokenOf('adv-04') // on duty on Fridays
    const coordinator = await tokenOf('adv-03')
    const auth = { authorization: advisor }
    const asCoordinator = { authorization: coordinator }
    await expectStatus(200, 'GET', '/api/advisor/cases', undefined, auth)
    await expectStatus(200, 'GET', '/api/advisor/cases?assignee=me', undefined, auth)
    // Search (the term index, gsi4, and the cases it found by BatchGetItem) and the closed cases (gsi3).
    await expectStatus(200, 'GET', `/api/advisor/cases?q=${String(named.reference)}`, undefined, auth)
    await expectStatus(200, 'GET', '/api/advisor/cases?status=closed&channel=web', undefined, auth)
    const ref = String(named.reference)
    await expectStatus(200, 'GET', `/api/advisor/cases/${ref}`, undefined, auth)
    await call('POST', `/api/advisor/cases/${ref}/acknowledge`, {}, auth)
    await expectStatus(201, 'POST', `/api/advisor/cases/${ref}/notes`, { text: 'Intern.' }, auth)
    // Two reminders: one removed, one that fires during the pause below (the workflow's advisor-reminder step).
    const clockNow = Date.parse(String((await expectStatus(200, 'GET', '/_dev/clock')).now))
    const remindAt = (minutes: number) => new Date(clockNow + minutes * 60_000).toISOString()
    const reminderPath = `/api/advisor/cases/${ref}/reminders`
    await expectStatus(201, 'POST', reminderPath, { at: remindAt(60), note: 'School terugbellen.' }, auth)
    const removed = await expectStatus(201, 'POST', reminderPath, { at: remindAt(90), note: 'Weg.' }, auth)
    const removedId = String((removed.reminder as unknown as { id: string }).id)
    await expectStatus(200, 'DELETE', `${reminderPath}/${removedId}`, undefined, auth)
    await expectStatus(200, 'POST', `/api/advisor/cases/${ref}/pause`, { reason: 'Wacht op school.' }, auth)
    await advance('PT2H')
    await expectStatus(200, 'POST', `/api/advisor/cases/${ref}/resume`, {}, auth)
    await expectStatus(201, 'POST', `/api/advisor/cases/${ref}/replies`, { text: 'Wij bellen u morgen.' }, auth)
    await expectStatus(201, 'POST', `/api/advisor/cases/${anonymous.reference}/replies`, { text: 'Antwoord.' }, auth)
    await expectStatus(200, 'POST', `/api/advisor/cases/${urgent.reference}/assign`, { advisorId: 'adv-01' }, auth)
    await expectStatus(200, 'POST', `/api/advisor/cases/${urgent.reference}/classify`, { urgency: 'urgent' }, auth)
    const phone = await expectStatus(
      201,
      'POST',
      '/api/advisor/cases',
      request({ email: undefined, phone: '0101234567' }),
      auth,
    )
    await expectStatus(
      201,
      'POST',
      `/api/advisor/cases/${phone.reference}/replies`,
      { text: 'Gebeld: uitgelegd wat de school kan doen.', via: 'phone' },
      auth,
    )
    await expectStatus(200, 'GET', '/api/advisor/cases?risk=overdue', undefined, auth)
    await expectStatus(200, 'GET', '/api/advisor/workload', undefined, auth)
    await expectStatus(200, 'GET', '/api/advisor/stats?from=2026-01-01&to=2026-12-31', undefined, auth)
    await expectStatus(
      200,
      'GET',
      '/api/advisor/stats?from=2026-01-01&to=2026-12-31&format=csv&publish=true',
      undefined,
      auth,
    )

    // Mail in: a new case with an attachment, then the requester's reply to our acknowledgement.
    const transport = createTransport({ host: '127.0.0.1', port: stack.smtpPort, secure: false, ignoreTLS: true })
    await transport.sendMail({
      from: 'burger@example.nl',
      to: 'mar_bsd@rotterdam.nl',
      subject: 'Zorgen om mijn zoon',
      text: 'Hij praat over een groep online.',
      attachments: [{ filename: 'notitie.txt', content: 'Wat ik zag.' }],
    })
    await advance('PT1M')
    const acknowledgement = (
      (await expectStatus(200, 'GET', '/_dev/mail')) as unknown as Array<{
        to: string[]
        subject: string
        messageId: string
      }>
    ).find((message) => message.to.includes('burger@example.nl'))
    if (!acknowledgement) throw new Error('scenario: the mail case got no acknowledgement')
    const mailRef = /MAR-[\w]{4}-[\w]{4}/.exec(acknowledgement.subject)?.[0] ?? ''
    await transport.sendMail({
      from: 'burger@example.nl',
      to: 'mar_bsd@rotterdam.nl',
      subject: `Re: ${acknowledgement.subject}`,
      inReplyTo: `<${acknowledgement.messageId}>`,
      text: 'Nog iets.',
    })
    transport.close()
    const mailCase = (await expectStatus(200, 'GET', `/api/advisor/cases/${mailRef}`, undefined, auth)) as {
      case?: { attachments?: Array<{ id: string }> }
    }
    const attachment = mailCase.case?.attachments?.[0]?.id
    if (!attachment) throw new Error('scenario: the mail case has no attachment')
    await expectStatus(200, 'GET', `/api/advisor/cases/${mailRef}/attachments/${attachment}`, undefined, auth)
    await expectStatus(
      200,
      'POST',
      `/api/advisor/cases/${mailRef}/classify`,
      { topic: 'case', requesterType: 'private', sector: 'other' },
      auth,
    )

    // The workflow on the dev clock: reminders, breaches, escalations (urgent and mail cases left unanswered).
    await advance('P5D')

    // Reply templates: every advisor reads them; a coordinator writes (the starters first) and deletes one.
    await expectStatus(200, 'GET', '/api/advisor/templates', undefined, auth)
    await expectStatus(
      201,
      'PUT',
      '/api/advisor/templates/scenario',
      { title: 'Scenario', text: 'Tekst.' },
      asCoordinator,
    )
    await expectStatus(200, 'DELETE', '/api/advisor/templates/scenario', undefined, asCoordinator)

    // A bounce of mail we sent, through the mail-events function (no local bounce source: its handler directly).
    const bounce = JSON.parse(
      readFileSync(new URL('../../test/fixtures/ses-events/sns-bounce.json', import.meta.url), 'utf8'),
    ) as SNSEvent
    const sent = (
      (await expectStatus(200, 'GET', '/_dev/mail')) as unknown as Array<{
        messageId: string
        to: string[]
        subject: string
      }>
    ).find((message) => message.to.includes('mentor@school.example'))
    const bouncedRef = /MAR-[\w]{4}-[\w]{4}/.exec(sent?.subject ?? '')?.[0] ?? ''
    for (const record of bounce.Records) {
      const message = JSON.parse(record.Sns.Message)
      // SES's message id: the local engine's id, without the Message-ID header's brackets and domain.
      message.mail.messageId = sent?.messageId.replace(/^<|@.*$/g, '') ?? message.mail.messageId
      // The requester's own address bounced, while the case is still kept: the case records it.
      message.bounce.bouncedRecipients = [
        { ...message.bounce.bouncedRecipients[0], emailAddress: 'mentor@school.example' },
      ]
      message.bounce.timestamp = stack.clock.now().toISOString()
      record.Sns.Message = JSON.stringify(message)
    }
    const config = readAppConfig()
    const mailEvents = composeMailEvents(
      {
        documents: stack.documents,
        tableName: LOCAL_TABLE_NAME,
        itemBackstopDays: backstopDays(config.retention.caseDays, retentionPolicyOf(config)),
        clock: stack.clock,
        logger: createLogger({ serviceName: 'mar-intake-local', logLevel: 'SILENT' }),
      },
      { caseRetentionDays: config.retention.caseDays },
    )
    await functionScope.run('mail-events', () => mailEvents(bounce))
    const bounced = await expectStatus(200, 'GET', `/_dev/cases/${bouncedRef}`)
    if (bounced.requesterAddressBounced === undefined) throw new Error('The bounce step found no case to record on')
    steps++

    // Closing (the mail case as a duplicate of the web case: both are written), export, erasure; the purge a year on.
    await expectStatus(200, 'POST', `/api/advisor/cases/${ref}/close`, { outcome: 'advice-given' }, auth)
    await expectStatus(
      200,
      'POST',
      `/api/advisor/cases/${mailRef}/close`,
      { outcome: 'duplicate', duplicateOf: ref },
      auth,
    )
    await expectStatus(200, 'GET', `/api/advisor/cases/${ref}/export`, undefined, asCoordinator)
    await expectStatus(200, 'DELETE', `/api/advisor/cases/${phone.reference}`, undefined, asCoordinator)
    await advance('P400D')
    await expectStatus(404, 'GET', `/_dev/cases/${mailRef}`)

    // The link secret's rotation: its four steps against an in-memory Secrets Manager.
    await functionScope.run('signing-key-rotation', () => rotateOnce(recorder))
    steps += 4
    return { steps }
  } finally {
    await stack.stop()
  }
}

/** Secrets Manager's rotation of the link secret, answered in memory (the SDK's middleware), recorded. */
async function rotateOnce(recorder: CallRecorder): Promise<void> {
  const client = new SecretsManagerClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  recorder.instrument(client as never, 'secretsmanager')
  const versions = new Map<string, { value: string; stages: string[] }>([
    ['v1', { value: JSON.stringify({ currentKeyId: 'k1', current: 'c'.repeat(64) }), stages: ['AWSCURRENT'] }],
    ['v2', { value: '', stages: ['AWSPENDING'] }],
  ])
  client.middlewareStack.add(
    (() => async (args: { input: Record<string, string | string[] | undefined> }) => {
      const input = args.input
      const output = (value: unknown) => ({ output: { $metadata: {}, ...(value as object) }, response: {} })
      if ('VersionStage' in input || 'VersionId' in input) {
        const found = [...versions.entries()].find(
          ([id, version]) =>
            (input.VersionId === undefined || input.VersionId === id) &&
            version.stages.includes(String(input.VersionStage ?? 'AWSCURRENT')) &&
            version.value !== '',
        )
        if (!found) throw new ResourceNotFoundException({ message: 'none', $metadata: {} })
        return output({ SecretString: found[1].value, VersionId: found[0] })
      }
      if ('SecretString' in input) {
        versions.set(String(input.ClientRequestToken), { value: String(input.SecretString), stages: ['AWSPENDING'] })
        return output({})
      }
      if ('MoveToVersionId' in input) {
        for (const version of versions.values())
          version.stages = version.stages.filter((stage) => stage !== 'AWSCURRENT')
        const moved = versions.get(String(input.MoveToVersionId))
        if (moved) moved.stages = ['AWSCURRENT']
        return output({})
      }
      return output({
        RotationEnabled: true,
        VersionIdsToStages: Object.fromEntries([...versions.entries()].map(([id, version]) => [id, version.stages])),
      })
    }) as never,
    { step: 'initialize', name: 'inMemorySecretsManager', priority: 'low' },
  )
  const rotate = createRotationHandler(client)
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
    await rotate({ Step, SecretId: ROTATED_SECRET_ID, ClientRequestToken: 'v2' })
  }
}
