import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import * as s3 from 'aws-cdk-lib/aws-s3'
import { AwsSolutionsChecks } from 'cdk-nag'
import { describe, expect, it } from 'vitest'
import { configContextKey, loadConfig } from '../../lib/config.ts'
import { StatefulStack } from '../../lib/stacks/stateful-stack.ts'
import { StatelessStack } from '../../lib/stacks/stateless-stack.ts'

const cdkContext = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context

function buildApp(mar: unknown) {
  const app = new App({ context: { ...cdkContext, 'aws:cdk:bundling-stacks': [] } })
  const assetsDir = mkdtempSync(join(tmpdir(), 'mar-site-assets-'))
  writeFileSync(join(assetsDir, 'site.css'), 'body { margin: 0 }')
  const stateful = new StatefulStack(app, 'MarIntakeStateful')
  new StatelessStack(app, 'MarIntakeStateless', {
    config: loadConfig(mar),
    caseTable: stateful.caseTable,
    site: { pages: [{ path: 'index.html', html: '<!doctype html><title>MAR</title>' }], assetsDir },
  })
  return app
}

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
      const app = buildApp({ ...cdkContext[configContextKey], ...overrides })
      app.synth()

      const report = new AwsSolutionsChecks(app).validateScope(app)

      expect(findingsOf(report)).toEqual([])
      expect(report.success).toBe(true)
    },
    120_000,
  ) // the first synthesis in a worker starts CDK's CloudFormation validation engine (WebAssembly)

  it('does report a finding that nobody acknowledged (the check is not vacuous)', () => {
    const app = buildApp(cdkContext[configContextKey])
    new s3.Bucket(app.node.findChild('MarIntakeStateless'), 'Unreviewed', { enforceSSL: true })
    app.synth()

    const report = new AwsSolutionsChecks(app).validateScope(app)

    expect(findingsOf(report)).toEqual([{ rule: 'AwsSolutions-S1', at: ['MarIntakeStateless/Unreviewed/Resource'] }])
  })
})
