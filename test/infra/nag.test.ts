import type { Environment } from 'aws-cdk-lib'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { buildApp as buildStacks, cdkConfig } from './app.ts'

/** What `cdk synth` sets without a profile (CDK_DEFAULT_REGION), and the account when credentials are at hand. */
const SYNTH_ENV: Environment = { region: 'us-east-1' }

/** The app as bin/app.ts builds it (lib/app.ts's addMarIntakeStacks), so the checks see what `cdk synth` sees. */
const buildApp = (mar: unknown, env: Environment | undefined = SYNTH_ENV) => buildStacks(mar, env).app

/** Both packs bin/app.ts runs at synth, and their findings nobody acknowledged. */
function findingsOf(app: IConstruct) {
  return [new AwsSolutionsChecks(app), new ServerlessChecks(app)].flatMap((pack) =>
    pack.validateScope(app).violations.map((violation) => ({
      rule: violation.ruleName,
      at: violation.violatingResources.map((resource) => resource.constructPath),
    })),
  )
}

const { customDomain: _customDomain, ...withoutCustomDomain } = cdkConfig

describe('cdk-nag AwsSolutions and Serverless checks', () => {
  it.each([
    ['a custom domain (cdk.json)', cdkConfig],
    [
      'the default CloudFront certificate',
      { ...withoutCustomDomain, publicUrl: 'https://d1abc2defg3hij.cloudfront.net' },
    ],
  ])(
    'leave no unacknowledged finding with %s',
    (_, mar) => {
      const app = buildApp(mar)
      app.synth()

      expect(findingsOf(app)).toEqual([])
    },
    120_000,
  ) // the first synthesis in a worker starts CDK's CloudFormation validation engine (WebAssembly)

  it('leave no unacknowledged finding with another region and an account (finding ids may embed them)', () => {
    const app = buildApp(cdkConfig, { region: 'eu-central-1', account: '123456789012' })
    app.synth()

    expect(findingsOf(app)).toEqual([])
  }, 120_000)

  it('refuse an env-agnostic synth: without the region there is no web ACL (CFR2)', () => {
    // Not buildApp(cdkConfig, undefined): an explicit undefined takes its default, the synth region.
    const { app } = buildStacks(cdkConfig, undefined)
    app.synth()

    expect(findingsOf(app)).toEqual([
      { rule: 'AwsSolutions-CFR2', at: ['MarIntakeStateless/PublicSite/Distribution/Resource'] },
    ])
  }, 120_000)

  it('does report a finding that nobody acknowledged (the checks are not vacuous)', () => {
    const app = buildApp(cdkConfig)
    new s3.Bucket(app.node.findChild('MarIntakeStateless'), 'Unreviewed', { enforceSSL: true })
    app.synth()

    expect(findingsOf(app)).toEqual([{ rule: 'AwsSolutions-S1', at: ['MarIntakeStateless/Unreviewed/Resource'] }])
  })
})
