import { Stack } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  environmentOf,
  ITEM_BACKSTOP_DAYS_VARIABLE,
  itemBackstopDays,
  LAMBDA_ENVIRONMENTS,
  type LambdaEntry,
  readEnvironment,
} from '../../functions/adapters/environment.ts'
import { ORIGIN_SECRET_ARN_VARIABLE } from '../../functions/adapters/origin-secret.ts'
import { HTTP_FUNCTIONS } from '../../functions/http/routes.ts'
import { lambdaEntryOf } from '../../lib/constructs/lambda-defaults.ts'
import { EdgeStack } from '../../lib/stacks/edge-stack.ts'
import { buildApp, cdkConfig, type Resource } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

/** Values that differ from the defaults, so a variable that ignored the configuration would show. */
const testConfig = {
  ...cdkConfig,
  allowedOrigins: ['https://partner-a.example.nl'],
  limits: { maxBodyBytes: 32_768 },
  retention: { caseDays: 400, logDays: 30, closedCaseMonthsByOutcome: { referred: 24 } },
}

/** Variables every function gets besides its own, each read by one adapter (not by the entry's schema). */
const SHARED_VARIABLES = new Set([
  'POWERTOOLS_SERVICE_NAME', // the Powertools logger (lib/constructs/lambda-defaults.ts sets it)
  'POWERTOOLS_LOG_LEVEL',
  ITEM_BACKSTOP_DAYS_VARIABLE, // the TTL backstop (lib/stacks/stateless-stack.ts sets it)
])
/** Set on the functions behind the API only (lib/constructs/origin-verification.ts), read by origin-secret.ts. */
const API_VARIABLES = new Set([ORIGIN_SECRET_ARN_VARIABLE])

interface DeployedFunction {
  readonly path: string
  readonly entry: LambdaEntry | undefined
  /** The synthesized variables; a reference to another resource (a token) as a placeholder text. */
  readonly variables: Record<string, string>
}

let functions: DeployedFunction[]
beforeAll(() => {
  const { app } = buildApp(testConfig, { region: 'eu-west-1' })
  const templates = new Map<Stack, Record<string, Resource>>()
  const resourcesOf = (stack: Stack) => {
    if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack).toJSON().Resources)
    return templates.get(stack) ?? {}
  }
  functions = app.node
    .findAll()
    .filter((construct): construct is NodejsFunction => construct instanceof NodejsFunction)
    // Lambda@Edge (the edge stack's functions) takes no environment at all: edge.test.ts pins that it has none.
    .filter((fn) => !(Stack.of(fn) instanceof EdgeStack))
    .map((fn) => {
      const stack = Stack.of(fn)
      const logicalId = stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)
      const synthesized: Record<string, unknown> =
        resourcesOf(stack)[logicalId]?.Properties.Environment?.Variables ?? {}
      const variables = Object.fromEntries(
        Object.entries(synthesized).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : `resolved-${name.toLowerCase()}`,
        ]),
      )
      return { path: fn.node.path, entry: lambdaEntryOf(fn), variables }
    })
})

describe('Function environments: each defined once, by the schema its entry reads', () => {
  it('makes every function of the app from an entry point that declares its environment', () => {
    expect(functions.map((fn) => [fn.path, fn.entry !== undefined])).toEqual(functions.map((fn) => [fn.path, true]))
    // Every declared entry point is deployed: no schema is left over from a function that went.
    expect(new Set(functions.map((fn) => fn.entry))).toEqual(new Set(Object.keys(LAMBDA_ENVIRONMENTS)))
  })

  it('parses every function’s synthesized environment with its entry’s schema (AWS_REGION as Lambda sets it)', () => {
    for (const fn of functions) {
      const entry = fn.entry as LambdaEntry
      expect(() => readEnvironment(entry, { ...fn.variables, AWS_REGION: 'eu-west-1' }), fn.path).not.toThrow()
    }
  })

  it('sets no variable that its entry does not read, besides the logger’s, the TTL backstop and the origin secret', () => {
    for (const fn of functions) {
      const read = new Set(Object.keys(LAMBDA_ENVIRONMENTS[fn.entry as LambdaEntry].shape))
      const unread = Object.keys(fn.variables).filter(
        (name) => !read.has(name) && !SHARED_VARIABLES.has(name) && !API_VARIABLES.has(name),
      )
      expect(unread, fn.path).toEqual([])
    }
  })

  it('gives the origin secret to the functions behind the API, and to no other', () => {
    const withOriginSecret = functions.filter((fn) => ORIGIN_SECRET_ARN_VARIABLE in fn.variables)
    expect(withOriginSecret).toHaveLength(HTTP_FUNCTIONS.length)
  })

  it('carries the configured values, as the entries read them', () => {
    const read = <E extends LambdaEntry>(entry: E) => {
      const fn = functions.find((candidate) => candidate.entry === entry)
      if (fn === undefined) throw new Error(`no function runs ${entry}`)
      return { environment: readEnvironment<E>(entry, { ...fn.variables, AWS_REGION: 'eu-west-1' }), fn }
    }

    const submit = read('web-intake/submit.ts').environment
    expect([submit.CASE_RETENTION_DAYS, submit.MAX_BODY_BYTES, submit.ALLOWED_ORIGINS]).toEqual([
      400,
      32_768,
      'https://partner-a.example.nl',
    ])
    const purge = read('retention/purge.ts').environment
    expect(purge.RETENTION_POLICY.closedCaseMonthsByOutcome).toEqual({ referred: 24 })
    const task = read('case-workflow/task.ts')
    expect(task.environment.WORKFLOW_SETTINGS.timeZone).toBe('Europe/Amsterdam')
    // 400 days open, then the longest closed retention: 24 months of 31 days.
    expect(itemBackstopDays(task.fn.variables)).toBe(400 + 24 * 31)
  })
})

describe('Function environments: the typed helper', () => {
  const mailEvents = { TABLE_NAME: 'cases', CASE_RETENTION_DAYS: 730 }

  it('writes numbers and settings as text, and the entry reads back what the construct gave', () => {
    const variables = environmentOf('mail-events/mail-events.ts', mailEvents)

    expect(variables).toEqual({ TABLE_NAME: 'cases', CASE_RETENTION_DAYS: '730' })
    expect(readEnvironment('mail-events/mail-events.ts', variables)).toEqual(mailEvents)
  })

  it('refuses at synth a value the entry would refuse at cold start', () => {
    expect(() => environmentOf('mail-events/mail-events.ts', { ...mailEvents, TABLE_NAME: '' })).toThrow()
    expect(() =>
      environmentOf('case-workflow/start.ts', {
        STATE_MACHINE_ARN: 'arn',
        TABLE_NAME: 't',
        TIME_ZONE: 'Europe/Amsterdm',
      }),
    ).toThrow()
  })

  it('refuses at cold start a missing variable and a number that is not one', () => {
    expect(() => readEnvironment('mail-events/mail-events.ts', { TABLE_NAME: 'cases' })).toThrow(/CASE_RETENTION_DAYS/)
    expect(() =>
      readEnvironment('mail-events/mail-events.ts', { TABLE_NAME: 'cases', CASE_RETENTION_DAYS: '730 days' }),
    ).toThrow(/a whole number/)
  })
})
