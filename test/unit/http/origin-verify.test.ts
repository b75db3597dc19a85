import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { Template } from 'aws-cdk-lib/assertions'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import { mockClient } from 'aws-sdk-client-mock'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { secretsManagerOriginSecret } from '../../../functions/adapters/origin-secret.ts'
import { ORIGIN_VERIFY_HEADER, originVerified } from '../../../functions/http/origin-verify.ts'
import { buildApp, cdkConfig, onlyResource } from '../../infra/app.ts'

const SECRET = 'Kq2vR8sXw4Lm9Tz1Hc6Bn3Jd7Fg5Yp0Ae'
const context = {} as Context

function apiEvent(headers: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'GET /health',
    rawPath: '/health',
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...headers },
    requestContext: { http: { method: 'GET', path: '/health' } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2
}

const forbidden = { error: { code: 'forbidden', message: 'Forbidden' } }
const secrets = mockClient(SecretsManagerClient)
afterAll(() => secrets.restore())

describe('Middleware: only requests that came through CloudFront reach a function', () => {
  const setUp = () => {
    const inner = vi.fn(async () => ({ statusCode: 200, body: 'served' }))
    return { inner, handler: originVerified(inner, async () => SECRET) }
  }

  it.each([
    ['no origin header (a direct call of the execute-api endpoint)', {}],
    ['a wrong value', { [ORIGIN_VERIFY_HEADER]: 'guess' }],
    ['the value with one character changed', { [ORIGIN_VERIFY_HEADER]: `${SECRET.slice(0, -1)}f` }],
    ['the value with more after it', { [ORIGIN_VERIFY_HEADER]: `${SECRET}x` }],
    ['an empty value', { [ORIGIN_VERIFY_HEADER]: '' }],
  ])('refuses a request with %s: 403 forbidden, and the function never runs', async (_, headers) => {
    // Arrange
    const { inner, handler } = setUp()

    // Act
    const response = (await handler(apiEvent(headers), context)) as APIGatewayProxyStructuredResultV2

    // Assert
    expect(response.statusCode).toBe(403)
    expect(JSON.parse(String(response.body))).toEqual(forbidden)
    expect(response.headers?.['x-content-type-options']).toBe('nosniff')
    expect(inner).not.toHaveBeenCalled()
  })

  it('passes a request that carries CloudFront’s value on to the function, unchanged', async () => {
    // Arrange
    const { inner, handler } = setUp()
    const event = apiEvent({ [ORIGIN_VERIFY_HEADER]: SECRET })

    // Act
    const response = await handler(event, context)

    // Assert
    expect(response).toEqual({ statusCode: 200, body: 'served' })
    expect(inner).toHaveBeenCalledWith(event, context)
  })

  it('answers 503 with Retry-After when the secret cannot be read, without running the function', async () => {
    // Arrange
    const inner = vi.fn(async () => ({ statusCode: 200 }))
    const handler = originVerified(inner, async () => {
      throw new Error('Secrets Manager is unavailable')
    })

    // Act
    const response = (await handler(
      apiEvent({ [ORIGIN_VERIFY_HEADER]: SECRET }),
      context,
    )) as APIGatewayProxyStructuredResultV2

    // Assert
    expect(response.statusCode).toBe(503)
    expect(response.headers?.['retry-after']).toBe('5')
    expect(inner).not.toHaveBeenCalled()
  })
})

describe('Adapter: the origin secret from Secrets Manager', () => {
  it('reads the secret once per quarter of an hour, and again after a failed read', async () => {
    // Arrange
    secrets.reset()
    secrets.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: SECRET })
    let now = 0
    const source = secretsManagerOriginSecret(new SecretsManagerClient({}), 'arn:secret', () => now)

    // Act
    const first = source().catch((error: Error) => error.message)
    const values = [await first, await source(), await source()]
    now += 15 * 60 * 1000
    values.push(await source())

    // Assert
    expect(values).toEqual(['throttled', SECRET, SECRET, SECRET])
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(3)
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: 'arn:secret' })
  })
})

/**
 * The deployed entry points, imported with the environment CDK gives each function (tokens as placeholders): a
 * request that did not come through CloudFront is refused by every one of them before anything else runs.
 */
describe('Lambda entry points: a direct execute-api call is refused', () => {
  const entries = {
    WebIntakeSubmitFunction: '../../../functions/web-intake/submit.ts',
    WebIntakeFollowUpFunction: '../../../functions/follow-up/follow-up.ts',
    WebIntakeHealthFunction: '../../../functions/web-intake/health.ts',
    ActionLinksFunction: '../../../functions/actions/action.ts',
    AdvisorApiFunction: '../../../functions/advisor-api/api.ts',
  } as const
  const handlers = new Map<string, (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>>()
  const saved = { ...process.env }

  beforeAll(async () => {
    secrets.reset()
    secrets.on(GetSecretValueCommand).resolves({ SecretString: SECRET })
    process.env.CDK_VALIDATION = 'false'
    const template = Template.fromStack(buildApp(cdkConfig, { region: 'eu-west-1' }).stateless)
    for (const [prefix, entry] of Object.entries(entries)) {
      const [, fn] = onlyResource(template, 'AWS::Lambda::Function', prefix)
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>
      for (const [name, value] of Object.entries(variables)) {
        process.env[name] = typeof value === 'string' ? value : `resolved-${name.toLowerCase()}`
      }
      process.env.AWS_REGION = 'eu-west-1'
      const module = (await import(entry)) as {
        handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>
      }
      handlers.set(prefix, module.handler)
    }
  }, 60_000)
  afterAll(() => {
    process.env = saved
  })

  it.each(Object.keys(entries))('%s answers 403 without the origin header and with a wrong one', async (prefix) => {
    const handler = handlers.get(prefix)
    if (handler === undefined) throw new Error(`${prefix} not loaded`)

    const direct = (await handler(apiEvent(), context)) as APIGatewayProxyStructuredResultV2
    const forged = (await handler(
      apiEvent({ [ORIGIN_VERIFY_HEADER]: 'forged' }),
      context,
    )) as APIGatewayProxyStructuredResultV2

    expect([direct.statusCode, forged.statusCode]).toEqual([403, 403])
    expect(JSON.parse(String(direct.body))).toEqual(forbidden)
  })

  it('serves the health check with the value CloudFront sends', async () => {
    const health = handlers.get('WebIntakeHealthFunction')
    if (health === undefined) throw new Error('health not loaded')

    const response = (await health(
      apiEvent({ [ORIGIN_VERIFY_HEADER]: SECRET }),
      context,
    )) as APIGatewayProxyStructuredResultV2

    expect(response.statusCode).toBe(200)
    expect(JSON.parse(String(response.body))).toEqual({ status: 'ok' })
  })
})
