import type { Environment } from 'aws-cdk-lib'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { AwsSolutionsChecks } from 'cdk-nag'
import { describe, expect, it } from 'vitest'
import { buildApp as buildStacks, cdkConfig } from './app.ts'

/** The app as bin/app.ts builds it (lib/app.ts's addMarIntakeStacks), so the checks see what `cdk synth` sees. */
const buildApp = (mar: unknown, env?: Environment) => buildStacks(mar, env).app

const findingsOf = (report: ReturnType<AwsSolutionsChecks['validateScope']>) =>
  report.violations.map((violation) => ({
    rule: violation.ruleName,
    at: violation.violatingResources.map((resource) => resource.constructPath),
  }))

describe('cdk-nag AwsSolutions checks', () => {
  it.each([
    ['the default CloudFront certificate', {}],
    [
      'a custom domain',
      {
        customDomain: {
          domainName: 'mar.rotterdam.nl',
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012',
        },
      },
    ],
  ])(
    'leave no unacknowledged finding with %s',
    (_, overrides) => {
      const app = buildApp({ ...cdkConfig, ...overrides })
      app.synth()

      const report = new AwsSolutionsChecks(app).validateScope(app)

      expect(findingsOf(report)).toEqual([])
      expect(report.success).toBe(true)
    },
    120_000,
  ) // the first synthesis in a worker starts CDK's CloudFormation validation engine (WebAssembly)

  it('leave no unacknowledged finding with a concrete region and account (finding ids may embed them)', () => {
    // `cdk synth` sets the region (us-east-1 without a profile), and the account when credentials are at hand.
    const app = buildApp(cdkConfig, { region: 'eu-central-1', account: '123456789012' })
    app.synth()

    const report = new AwsSolutionsChecks(app).validateScope(app)

    expect(findingsOf(report)).toEqual([])
  }, 120_000)

  it('does report a finding that nobody acknowledged (the check is not vacuous)', () => {
    const app = buildApp(cdkConfig)
    new s3.Bucket(app.node.findChild('MarIntakeStateless'), 'Unreviewed', { enforceSSL: true })
    app.synth()

    const report = new AwsSolutionsChecks(app).validateScope(app)

    expect(findingsOf(report)).toEqual([{ rule: 'AwsSolutions-S1', at: ['MarIntakeStateless/Unreviewed/Resource'] }])
  })
})
