import { Match, Template } from 'aws-cdk-lib/assertions'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import { beforeAll, describe, expect, it } from 'vitest'
import { contentSecurityPolicy, retryAfterHeader } from '../../lib/constructs/public-site.ts'
import { buildApp, cdkConfig, onlyResource, type Resource } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

/** Values that differ from the defaults, so a test fails if the construct ignores the configuration. */
const testConfig = {
  ...cdkConfig,
  allowedOrigins: ['https://partner-a.example.nl', 'https://partner-b.example.nl'],
  limits: { maxBodyBytes: 32_768, throttleRatePerSecond: 7, throttleBurst: 13 },
  retention: { caseDays: 400, logDays: 30 },
}

const synthStateless = (mar: unknown) => Template.fromStack(buildApp(mar).stateless)

type Origin = { Id: string; DomainName: unknown; CustomOriginConfig?: unknown }
type Behaviour = { PathPattern?: string }

/** The behaviours that CloudFront sends to the API (the others serve pages from the bucket). */
const apiBehaviours = (config: { CacheBehaviors: Array<Behaviour & Record<string, unknown>> }) => {
  const behaviours = config.CacheBehaviors.filter((behaviour) =>
    ['/api/*', '/actions/*', '/health'].includes(behaviour.PathPattern ?? ''),
  )
  expect(behaviours).toHaveLength(3)
  return behaviours
}

let template: Template
beforeAll(() => {
  template = synthStateless(testConfig)
})

describe('Stateless stack: web intake', () => {
  it('throttles the default stage with the configured rate and burst', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 13 },
    })
  })

  it('gives the intake, the follow-up box, the action links and each advisor route a throttle of its own', () => {
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage', 'Api')
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => (route as Resource).Properties.RouteKey as string,
    )
    const limit = (rate: number, burst: number) => ({ ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst })

    expect(settings['POST /api/requests']).toEqual(limit(5, 10))
    expect(settings['POST /api/follow-up']).toEqual(limit(5, 10))
    expect(settings['POST /api/follow-up/messages']).toEqual(limit(5, 10))
    expect(settings['GET /actions/{token}']).toEqual(limit(5, 10))
    expect(settings['POST /actions/{token}']).toEqual(limit(5, 10))
    expect(settings['POST /api/advisor/cases/{reference}/{action}']).toEqual(limit(20, 40))
    expect(settings['GET /api/advisor/cases']).toEqual(limit(20, 40))
    // Every route but the health check has its own; each setting names a route the API has.
    expect(Object.keys(settings).sort()).toEqual(routeKeys.filter((key) => key !== 'GET /health').sort())
  })

  it('deploys the stage after the routes its settings name', () => {
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage', 'Api')
    const throttled = Object.entries(template.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, route]) => (route as Resource).Properties.RouteKey !== 'GET /health')
      .map(([id]) => id)
    expect(throttled.length).toBeGreaterThan(10)
    expect((stage as Resource & { DependsOn?: string[] }).DependsOn).toEqual(expect.arrayContaining(throttled))
  })

  it('writes a JSON access log without body, source IP or user agent, kept for the configured days', () => {
    const [, stage] = onlyResource(template, 'AWS::ApiGatewayV2::Stage', 'Api')
    const format: string = stage.Properties.AccessLogSettings.Format
    const fields = JSON.parse(format)

    expect(Object.keys(fields)).toEqual(
      expect.arrayContaining([
        'requestId',
        'routeKey',
        'status',
        'responseLength',
        'integrationLatency',
        'requestTime',
      ]),
    )
    expect(format).not.toMatch(/sourceIp|identity\.|userAgent|body/i)

    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0]
    expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(30)
  })

  it('routes POST /api/requests to the submit function and GET /health to the health function, and nothing else', () => {
    const [submitId] = onlyResource(template, 'AWS::Lambda::Function', 'WebIntakeSubmitFunction')
    const [healthId] = onlyResource(template, 'AWS::Lambda::Function', 'WebIntakeHealthFunction')
    const targetOf = (routeKey: string) => {
      const [, route] = Object.entries(template.findResources('AWS::ApiGatewayV2::Route')).find(
        ([, candidate]) => candidate.Properties.RouteKey === routeKey,
      ) as [string, Resource]
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref
      return template.toJSON().Resources[integrationId].Properties.IntegrationUri['Fn::GetAtt'][0]
    }

    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    )
    // The action routes belong to the case workflow (case-workflow.test.ts), the advisor routes to the advisor API
    // (advisor-api.test.ts).
    expect(routeKeys.sort()).toEqual([
      'DELETE /api/advisor/cases/{reference}',
      'DELETE /api/advisor/cases/{reference}/reminders/{id}',
      'DELETE /api/advisor/templates/{id}',
      'GET /actions/{token}',
      'GET /api/advisor/cases',
      'GET /api/advisor/cases/{reference}',
      'GET /api/advisor/cases/{reference}/attachments/{id}',
      'GET /api/advisor/cases/{reference}/export',
      'GET /api/advisor/stats',
      'GET /api/advisor/templates',
      'GET /api/advisor/workload',
      'GET /health',
      'POST /actions/{token}',
      'POST /api/advisor/cases',
      'POST /api/advisor/cases/{reference}/{action}',
      'POST /api/follow-up',
      'POST /api/follow-up/messages',
      'POST /api/requests',
      'PUT /api/advisor/templates/{id}',
    ])
    expect(targetOf('POST /api/requests')).toBe(submitId)
    const [followUpId] = onlyResource(template, 'AWS::Lambda::Function', 'WebIntakeFollowUpFunction')
    expect(targetOf('POST /api/follow-up')).toBe(followUpId)
    expect(targetOf('POST /api/follow-up/messages')).toBe(followUpId)
    expect(targetOf('GET /health')).toBe(healthId)
  })

  it('runs the functions on Node 22 or newer, on ARM, with memory, timeout, JSON logs and tracing set', () => {
    for (const prefix of [
      'WebIntakeSubmitFunction',
      'WebIntakeFollowUpFunction',
      'WebIntakeHealthFunction',
      'AdvisorApiFunction',
    ]) {
      const [, fn] = onlyResource(template, 'AWS::Lambda::Function', prefix)
      const nodeMajor = Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1])

      expect(nodeMajor, prefix).toBeGreaterThanOrEqual(22)
      expect(fn.Properties.Architectures).toEqual(['arm64'])
      expect(fn.Properties.MemorySize).toBeGreaterThan(0)
      expect(fn.Properties.Timeout).toBeGreaterThan(0)
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' })
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON')
    }
    const [, submit] = onlyResource(template, 'AWS::Lambda::Function', 'WebIntakeSubmitFunction')
    expect(submit.Properties.MemorySize).toBe(512)
    expect(submit.Properties.Timeout).toBe(10)
  })

  it('gives every function its own log group with the configured retention', () => {
    for (const prefix of [
      'WebIntakeSubmitFunction',
      'WebIntakeFollowUpFunction',
      'WebIntakeHealthFunction',
      'AdvisorApiFunction',
    ]) {
      const [, fn] = onlyResource(template, 'AWS::Lambda::Function', prefix)
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref

      expect(template.toJSON().Resources[logGroupId].Properties.RetentionInDays, prefix).toBe(30)
    }
  })

  it('encrypts every log group with the stack’s log key, which CloudWatch Logs may use and nobody else', () => {
    const [keyId, key] = onlyResource(template, 'AWS::KMS::Key', 'LogKey')
    const logGroups = Object.entries(template.findResources('AWS::Logs::LogGroup') as Record<string, Resource>)

    expect(logGroups.length).toBeGreaterThanOrEqual(10)
    for (const [id, logGroup] of logGroups) {
      expect(logGroup.Properties.KmsKeyId, id).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] })
      expect(logGroup.Properties.RetentionInDays, id).toBe(30)
    }
    const statements = key.Properties.KeyPolicy.Statement as Array<{
      Sid: string
      Principal: unknown
      Condition?: unknown
    }>
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'KeyAdministrationWithoutUse',
      'CloudWatchLogsEncryptsThisAccountsLogGroups',
    ])
    expect(JSON.stringify(statements[1]?.Principal)).toContain('logs.')
    expect(JSON.stringify(statements[1]?.Condition)).toContain('kms:EncryptionContext:aws:logs:arn')
    expect(key.Properties.EnableKeyRotation).toBe(true)
  })

  it('passes the submit function exactly the environment that functions/adapters/environment.ts reads', () => {
    const [, submit] = onlyResource(template, 'AWS::Lambda::Function', 'WebIntakeSubmitFunction')
    const variables = submit.Properties.Environment.Variables

    expect(Object.keys(variables).sort()).toEqual(
      [
        'ALLOWED_ORIGINS',
        'CASE_RETENTION_DAYS',
        'INTAKE_ADDRESS',
        'ITEM_BACKSTOP_DAYS',
        'MAR_PHONE',
        'MAX_BODY_BYTES',
        'ORIGIN_VERIFY_SECRET_ARN',
        'POWERTOOLS_LOG_LEVEL',
        'POWERTOOLS_SERVICE_NAME',
        'PUBLIC_URL',
        'SEARCH_SECRET_ARN',
        'TABLE_NAME',
        'WORKFLOW_SETTINGS',
      ].sort(),
    )
    expect(variables).toMatchObject({
      PUBLIC_URL: 'https://mar.rotterdam.nl',
      ALLOWED_ORIGINS: 'https://partner-a.example.nl,https://partner-b.example.nl',
      CASE_RETENTION_DAYS: '400',
      // The TTL backstop: 400 days open at most, then the longest closed retention (12 months of 31 days).
      ITEM_BACKSTOP_DAYS: '772',
      MAX_BODY_BYTES: '32768',
      POWERTOOLS_SERVICE_NAME: 'mar-intake',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      // What the pages it answers with say about MAR, and the calendar of the answer date (the configuration's).
      MAR_PHONE: '06 - 23 66 03 86',
      INTAKE_ADDRESS: 'mar_bsd@rotterdam.nl',
    })
    expect(JSON.parse(variables.WORKFLOW_SETTINGS).timeZone).toBe('Europe/Amsterdam')
    expect(JSON.stringify(variables.TABLE_NAME)).toContain('CaseTable')
  })

  it('lets the submit function use the table and its key, but no index (it queries none)', () => {
    const statementsOf = (prefix: string) =>
      onlyResource(template, 'AWS::IAM::Policy', prefix)[1].Properties.PolicyDocument.Statement as Array<{
        Action: string | string[]
        Resource: unknown
      }>
    const submit = JSON.stringify(statementsOf('WebIntakeSubmitFunctionRole'))
    const health = JSON.stringify(statementsOf('WebIntakeHealthFunctionRole'))

    expect(submit).toContain('dynamodb:PutItem')
    expect(submit).toContain('kms:Decrypt')
    expect(submit).not.toContain('/index/')
    expect(health).not.toContain('dynamodb:')
    expect(health).not.toContain('kms:')
  })

  it('attaches no AWS managed policy to the function roles', () => {
    for (const prefix of ['WebIntakeSubmitFunctionRole', 'WebIntakeHealthFunctionRole']) {
      const [, role] = onlyResource(template, 'AWS::IAM::Role', prefix)
      expect(role.Properties.ManagedPolicyArns, prefix).toBeUndefined()
    }
  })
})

describe('Stateless stack: public site', () => {
  it('keeps the site bucket private: public access blocked, TLS enforced, encrypted, no auto-delete', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    })
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    })
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0)
  })

  it('reads the bucket through CloudFront with Origin Access Control only', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    })
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        Origins: Match.arrayWith([
          Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } }),
        ]),
      },
    })
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0)
  })

  it('redirects every behaviour to HTTPS', () => {
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution', 'PublicSite')
    const config = distribution.Properties.DistributionConfig
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors]

    expect(behaviours.map((behaviour) => behaviour.ViewerProtocolPolicy)).toEqual(
      behaviours.map(() => 'redirect-to-https'),
    )
  })

  it('serves /api/*, /actions/* and /health from the HTTP API, uncached, with all viewer headers but Host', () => {
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution', 'PublicSite')
    const config = distribution.Properties.DistributionConfig
    const apiOrigin = config.Origins.find((origin: Origin) => origin.CustomOriginConfig)

    expect(apiOrigin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    })
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('ApiEndpoint')
    expect(config.CacheBehaviors.map((behaviour: Behaviour) => behaviour.PathPattern).sort()).toEqual([
      '/actions/*',
      '/advisor',
      '/advisor/*',
      '/api/*',
      '/health',
    ])
    for (const behaviour of apiBehaviours(config)) {
      expect(behaviour).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      })
      expect(behaviour.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'OPTIONS']))
    }
  })

  it('adds the security headers to every response', () => {
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy')
    expect(Object.keys(policies)).toHaveLength(3)
    template.allResourcesProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          StrictTransportSecurity: Match.objectLike({ Override: true, IncludeSubdomains: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: Match.anyValue(), Override: true },
        },
      },
    })
    // The site's and the API's policy; the workspace pages' (advisor-site.test.ts) adds the sign-in origin only.
    for (const prefix of ['PublicSiteSecurityHeaders', 'PublicSiteApiHeaders']) {
      const [, policy] = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy', prefix)
      expect(
        policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
        prefix,
      ).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      )
    }
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval/)

    for (const policy of Object.values(policies)) {
      expect(
        policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.StrictTransportSecurity
          .AccessControlMaxAgeSec,
      ).toBeGreaterThanOrEqual(31_536_000)
    }
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution', 'PublicSite')
    const config = distribution.Properties.DistributionConfig
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(Object.keys(policies)).toContain(behaviour.ResponseHeadersPolicyId.Ref)
    }
  })

  it('adds Retry-After: 1 and Cache-Control: no-store to API responses that carry none, not to pages', () => {
    // A headers policy, not a viewer-response function: CloudFront runs none when the origin answers 400 or higher.
    const [apiPolicyId, apiPolicy] = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'PublicSiteApi')
    const [pagePolicyId, pagePolicy] = onlyResource(
      template,
      'AWS::CloudFront::ResponseHeadersPolicy',
      'PublicSiteSecurity',
    )
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution', 'PublicSite')
    const config = distribution.Properties.DistributionConfig

    // API Gateway sends no Retry-After with its 429; answers about cases must not stay in a browser's cache.
    expect(apiPolicy.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig).toEqual({
      Items: [
        { Header: retryAfterHeader.header, Value: '1', Override: false },
        { Header: 'Cache-Control', Value: 'no-store', Override: false },
      ],
    })
    expect(pagePolicy.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig).toBeUndefined()
    for (const behaviour of apiBehaviours(config)) {
      expect(behaviour.ResponseHeadersPolicyId, behaviour.PathPattern).toEqual({ Ref: apiPolicyId })
    }
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: pagePolicyId })
  })

  it('publishes the pages at the root and the assets under assets/, without the pages pruning the assets', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')) as Resource[]
    const assets = deployments.find((deployment) => deployment.Properties.DestinationBucketKeyPrefix === 'assets/')
    const pages = deployments.find((deployment) => deployment.Properties.DestinationBucketKeyPrefix === undefined)

    expect(deployments).toHaveLength(2)
    expect(assets).toBeDefined()
    expect(pages?.Properties.Exclude).toEqual(['assets/*'])
    expect(pages?.Properties.DistributionPaths).toEqual(['/*'])
  })

  it('uses the default CloudFront certificate when no custom domain is configured', () => {
    const { customDomain: _customDomain, ...withoutDomain } = testConfig
    synthStateless({ ...withoutDomain, publicUrl: 'https://d1abc2defg3hij.cloudfront.net' }).hasResourceProperties(
      'AWS::CloudFront::Distribution',
      {
        DistributionConfig: { Aliases: Match.absent(), ViewerCertificate: Match.absent() },
      },
    )
  })

  it('serves a configured custom domain with TLS 1.2 or newer', () => {
    const withDomain = synthStateless({
      ...testConfig,
      customDomain: {
        domainName: 'mar.rotterdam.nl',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012',
      },
    })

    withDomain.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['mar.rotterdam.nl'],
        ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' }),
      },
    })
  })
})
