import { Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, cdkConfig } from '../../infra/app.ts'

/**
 * The Lambda entries that no HTTP route reaches (the HTTP ones: test/unit/http/origin-verify.test.ts), imported with
 * the environment CDK gives each function (tokens as placeholders): each reads its environment, takes its AWS
 * platform parts and composes its capability at cold start, without calling AWS.
 */
describe('Lambda entry points: read environment, AWS platform, compose', () => {
  const entries = {
    TaskFunction: '../../../functions/case-workflow/task.ts',
    CaseStreamReaderFunction: '../../../functions/case-workflow/start.ts',
    ReceiveFunction: '../../../functions/mail-intake/receive.ts',
    MailEventsFunction: '../../../functions/mail-events/mail-events.ts',
    PurgeFunction: '../../../functions/retention/purge.ts',
    RotationFunction: '../../../functions/signing-key-rotation/rotate.ts',
  } as const
  const loaded = new Map<string, unknown>()
  const saved = { ...process.env }

  beforeAll(async () => {
    process.env.CDK_VALIDATION = 'false'
    const stacks = buildApp(cdkConfig, { region: 'eu-west-1' })
    const resources = {
      ...Template.fromStack(stacks.stateful).findResources('AWS::Lambda::Function'),
      ...Template.fromStack(stacks.stateless).findResources('AWS::Lambda::Function'),
    }
    for (const [construct, entry] of Object.entries(entries)) {
      const matching = Object.entries(resources).filter(([id]) => new RegExp(`${construct}[0-9A-F]{8}$`).test(id))
      expect(matching.map(([id]) => id)).toHaveLength(1)
      const variables = (matching[0]?.[1].Properties.Environment?.Variables ?? {}) as Record<string, unknown>
      for (const [name, value] of Object.entries(variables)) {
        process.env[name] = typeof value === 'string' ? value : `resolved-${name.toLowerCase()}`
      }
      process.env.AWS_REGION = 'eu-west-1'
      loaded.set(construct, ((await import(entry)) as { handler: unknown }).handler)
    }
  }, 60_000)
  afterAll(() => {
    process.env = saved
  })

  it.each(Object.keys(entries))('%s exports its composed handler', (construct) => {
    expect(typeof loaded.get(construct)).toBe('function')
  })
})
