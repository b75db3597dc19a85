import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TemporarilyUnavailableError } from '../../functions/core/shared/errors.ts'
import { sha256Hex } from '../../functions/core/shared/hash.ts'
import { questionRequest, useLocalStack, useShortSdkBackoff } from './local-stack-harness.ts'

/**
 * Issue 10: DynamoDB throttling or down, on the dev fault switch. Every attempt the switch fails gets DynamoDB's own
 * throttling answer inside the SDK's retries (3 attempts, jittered back-off): a short blip is absorbed, a longer one
 * answers 503 with Retry-After, and nothing is lost or half written.
 */
const MONDAY_10_00 = '2027-02-08T10:00:00+01:00'

describe('DynamoDB throttled or down (POST /_dev/faults {"dynamodb": …})', () => {
  const local = useLocalStack({ clockStart: new Date(MONDAY_10_00) })
  useShortSdkBackoff()

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${local.url}/api/requests`, { method: 'POST', headers, body })
  const postJson = (request: Record<string, unknown>, idempotencyKey: string) =>
    post(JSON.stringify(request), { 'content-type': 'application/json', 'idempotency-key': idempotencyKey })

  /** The table's items by entity: cases and idempotency claims (nothing may be left half written). */
  async function itemsOf(entity: 'case' | 'idempotency') {
    const { Items = [] } = await local.stack.documents.send(
      new ScanCommand({
        TableName: local.stack.tableName,
        FilterExpression: 'entity = :entity',
        ExpressionAttributeValues: { ':entity': entity },
      }),
    )
    return Items
  }

  it('absorbs two throttled answers in the SDK retries: the request is stored and routed', async () => {
    await local.setClock(MONDAY_10_00)
    await local.faults({ dynamodb: { failNext: 2 } })
    const response = await postJson(questionRequest(), 'blip-1')
    expect(response.status).toBe(201)
    const { reference } = (await response.json()) as { reference: string }
    await local.settle()
    expect(await local.caseOf(reference)).toMatchObject({ reference, status: 'assigned', assignee: 'adv-01' })
  })

  it('answers 503 with Retry-After while DynamoDB is down, stores nothing, and takes the same key afterwards', async () => {
    await local.setClock(MONDAY_10_00)
    const casesBefore = (await itemsOf('case')).length
    const claimsBefore = (await itemsOf('idempotency')).length
    await local.faults({ dynamodb: { failNext: 1000 } })

    const refused = await postJson(questionRequest({ email: 'outage@example.nl' }), 'outage-1')
    const formPost = await post(
      new URLSearchParams(questionRequest({ consent: 'on' }) as Record<string, string>).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    )

    await local.faults({ dynamodb: { failNext: 0 } })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('temporarily_unavailable')
    expect(formPost.status).toBe(503)
    expect(formPost.headers.get('retry-after')).toBe('5')
    expect(formPost.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await formPost.text()).toContain('Er ging iets mis')
    expect((await itemsOf('case')).length).toBe(casesBefore)
    expect((await itemsOf('idempotency')).length).toBe(claimsBefore)

    const retried = await postJson(questionRequest({ email: 'outage@example.nl' }), 'outage-1')
    expect(retried.status).toBe(201)
    const { reference } = (await retried.json()) as { reference: string }
    await local.settle()
    expect(await local.caseOf(reference)).toMatchObject({
      reference,
      status: 'assigned',
      assignee: 'adv-01',
      idempotencyKeyHash: sha256Hex('outage-1'),
    })
    // The acknowledgement and the advisor's notification: routed and delivered as if nothing had happened.
    await vi.waitFor(async () => expect((await local.mailFor(reference)).length).toBe(2), { timeout: 5000 })
  })

  /** Makes the stack's DynamoDB calls that `matches` picks fail (the first `times` of them), as the adapter reports them once its retries are spent. */
  function failCalls(
    matches: (command: string, input: { Key?: Record<string, unknown>; Item?: Record<string, unknown> }) => boolean,
    times = Number.POSITIVE_INFINITY,
  ) {
    const failing = { on: true, count: 0 }
    local.stack.documents.middlewareStack.add(
      (next, context) => async (args) => {
        if (failing.on && failing.count < times && matches(context.commandName ?? '', args.input as never)) {
          failing.count++
          throw new TemporarilyUnavailableError()
        }
        return next(args)
      },
      { step: 'initialize', name: 'testFailingCalls' },
    )
    return failing
  }
  afterEach(() => local.stack.documents.middlewareStack.remove('testFailingCalls'))

  it('leaves no dangling claim when the key was claimed but the case could not be written', async () => {
    await local.setClock(MONDAY_10_00)
    // The case write alone fails; the claim before it succeeds.
    const caseWrites = failCalls((command, input) => command === 'PutItemCommand' && input.Item?.entity === 'case')
    const refused = await postJson(questionRequest(), 'half-1')
    expect(refused.status).toBe(503)
    const [claim] = (await itemsOf('idempotency')).filter((item) => item.pk === `IDEMPOTENCY#${sha256Hex('half-1')}`)
    expect(claim?.reference).toMatch(/^MAR-/)
    expect(await fetch(`${local.url}/_dev/cases/${claim?.reference}`).then((r) => r.status)).toBe(404)

    caseWrites.on = false
    const retried = await postJson(questionRequest(), 'half-1')
    expect(retried.status).toBe(201)
    const { reference } = (await retried.json()) as { reference: string }
    // The claim's reference is the case's: the retry wrote the case the first attempt could not.
    expect(reference).toBe(claim?.reference)
    await local.settle()
    expect(await local.caseOf(reference)).toMatchObject({ status: 'assigned', assignee: 'adv-01' })
  })

  it('retries routing in the state machine when DynamoDB fails it, and the case is routed all the same', async () => {
    await local.setClock(MONDAY_10_00)
    // Routing's write of the assigned case (only routing writes one) fails on its first two attempts, as the adapter
    // reports it once the SDK's retries are spent.
    const routingWrites = failCalls(
      (command, input) =>
        command === 'PutItemCommand' && input.Item?.entity === 'case' && input.Item?.status === 'assigned',
      2,
    )
    // Its own address: the acknowledgements of one address are capped per day.
    const reference = await local.submit(questionRequest({ email: 'routing@example.nl' }))
    await vi.waitFor(async () => expect((await local.caseOf(reference)).status).toBe('assigned'), { timeout: 10_000 })
    expect(routingWrites.count).toBe(2)
    expect((await local.workflow(reference)).states.slice(0, 2)).toEqual(['RouteCase', 'DeliverMail'])
    const stored = await local.caseOf(reference)
    expect(stored.assignee).toBe('adv-01')
    expect(stored.events.filter((event) => event.type === 'task-failed')).toEqual([])
    await vi.waitFor(async () => expect((await local.mailFor(reference)).length).toBe(2), { timeout: 5000 })
  })

  it('answers the advisor API 503 with Retry-After too', async () => {
    const advisor = await local.signIn('adv-01')
    await local.faults({ dynamodb: { failNext: 1000 } })
    const answer = await fetch(`${local.url}/api/advisor/cases`, {
      headers: { authorization: `Bearer ${advisor.token}` },
    })
    await local.faults({ dynamodb: { failNext: 0 } })
    expect(answer.status).toBe(503)
    expect(answer.headers.get('retry-after')).toBe('5')
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('temporarily_unavailable')
  })
})
