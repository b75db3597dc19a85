import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { ORIGIN_SECRET_ARN_VARIABLE } from '../../functions/adapters/origin-secret.ts'
import { ORIGIN_VERIFY_HEADER } from '../../functions/http/origin-verify.ts'
import { renderThrottledPage } from '../../functions/views/pages/throttled-page.ts'
import { FORM_POST_PATHS, NO_WEB_ACL_WARNING } from '../../lib/constructs/public-site.ts'
import { COUNTED_BODY_RULES, RATE_LIMITED_LABEL } from '../../lib/stacks/edge-stack.ts'
import { buildApp, cdkConfig, onlyResource, type Resource, resolveValue } from './app.ts'

/** One rule of the web ACL, as synthesized. */
type WafRule = Resource['Properties']

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

const testConfig = { ...cdkConfig, limits: { ...cdkConfig.limits, wafRatePer5Minutes: 777 } }

describe('Edge: the web ACL in front of the distribution', () => {
  let edge: Template
  let stateless: Template
  beforeAll(() => {
    const app = buildApp(testConfig, { region: 'eu-west-1', account: '123456789012' })
    if (!app.edge) throw new Error('no edge stack with a concrete region')
    expect(app.edge.region).toBe('us-east-1')
    edge = Template.fromStack(app.edge)
    stateless = Template.fromStack(app.stateless)
  })

  it('is one web ACL of scope CLOUDFRONT in us-east-1, allowing by default, with metrics and sampled requests', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL', 'WebAcl')

    expect(acl.Properties).toMatchObject({
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    })
    for (const rule of acl.Properties.Rules) {
      expect(rule.VisibilityConfig, rule.Name).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
      })
    }
  })

  it('limits each client IP to the configured requests per 5 minutes, answering 429 with Retry-After', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL', 'WebAcl')
    const rules: WafRule[] = acl.Properties.Rules
    const rate = rules.find((rule) => rule.Name === 'RatePerClient')

    // The rate rule labels a client over the limit and counts; the three rules after it block, in this order.
    expect(rate?.Statement.RateBasedStatement).toEqual({ Limit: 777, EvaluationWindowSec: 300, AggregateKeyType: 'IP' })
    expect(rate?.Action).toEqual({ Count: {} })
    expect(rate?.RuleLabels).toEqual([{ Name: RATE_LIMITED_LABEL }])
    const blocking = rules
      .filter((rule) => rule.Priority > 0 && rule.Priority < 4)
      .sort((a, b) => a.Priority - b.Priority)
    expect(blocking.map((rule) => [rule.Name, rule.Action.Block.CustomResponse.CustomResponseBodyKey])).toEqual([
      ['RateLimitedFormPostEnglish', 'ThrottledPageEnglish'],
      ['RateLimitedFormPost', 'ThrottledPageDutch'],
      ['RateLimited', 'TooManyRequests'],
    ])
    for (const rule of blocking) {
      expect(rule.Action.Block.CustomResponse, rule.Name).toMatchObject({
        ResponseCode: 429,
        ResponseHeaders: expect.arrayContaining([{ Name: 'retry-after', Value: '300' }]),
      })
      const labelled =
        rule.Statement.LabelMatchStatement ?? rule.Statement.AndStatement.Statements[0].LabelMatchStatement
      expect(labelled, rule.Name).toEqual({ Scope: 'LABEL', Key: RATE_LIMITED_LABEL })
    }
    expect(rules.find((rule) => rule.Name === 'RateLimited')?.Statement).toEqual({
      LabelMatchStatement: { Scope: 'LABEL', Key: RATE_LIMITED_LABEL },
    })
  })

  it('answers a rate-limited plain form post with the form’s throttled page in its language, under WAF’s 4 KB', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL', 'WebAcl')
    const bodies = acl.Properties.CustomResponseBodies
    const rules: WafRule[] = acl.Properties.Rules
    const formPost = rules.find((rule) => rule.Name === 'RateLimitedFormPost')
    const english = rules.find((rule) => rule.Name === 'RateLimitedFormPostEnglish')

    for (const [key, lang] of [
      ['ThrottledPageDutch', 'nl'],
      ['ThrottledPageEnglish', 'en'],
    ] as const) {
      expect(bodies[key].ContentType).toBe('TEXT_HTML')
      expect(bodies[key].Content).toBe(renderThrottledPage({ lang, retryAfterSeconds: 300 }))
      expect(Buffer.byteLength(bodies[key].Content)).toBeLessThanOrEqual(4096)
    }
    const plainFormPost = formPost?.Statement.AndStatement.Statements[1]
    expect(JSON.stringify(plainFormPost)).toContain('application/x-www-form-urlencoded')
    expect(plainFormPost.AndStatement.Statements[1].NotStatement.Statement.ByteMatchStatement).toMatchObject({
      FieldToMatch: { SingleHeader: { Name: 'accept' } },
      SearchString: 'application/json',
    })
    expect(english?.Statement.AndStatement.Statements[1]).toEqual(plainFormPost)
    const englishSigns = english?.Statement.AndStatement.Statements[2].OrStatement.Statements
    expect(
      englishSigns.map(
        (sign: { ByteMatchStatement: { SearchString: string } }) => sign.ByteMatchStatement.SearchString,
      ),
    ).toEqual(['language=en', '/en/'])
  })

  it('uses AWS’s common and known-bad-inputs rule groups; the common set only counts on bodies (free text, 64 KiB)', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL', 'WebAcl')
    const managed = acl.Properties.Rules.filter(
      (rule: { Statement: { ManagedRuleGroupStatement?: unknown } }) => rule.Statement.ManagedRuleGroupStatement,
    )

    expect(managed.map((rule: { Name: string }) => rule.Name)).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ])
    for (const rule of managed) {
      expect(rule.OverrideAction, rule.Name).toEqual({ None: {} })
      expect(rule.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS')
    }
    const common = managed[0].Statement.ManagedRuleGroupStatement
    expect(common.RuleActionOverrides).toEqual(
      COUNTED_BODY_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    )
    expect(COUNTED_BODY_RULES).toContain('SizeRestrictions_BODY')
    expect(managed[1].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined()
  })

  it('is the distribution’s web ACL (a reference across regions)', () => {
    const [, distribution] = onlyResource(stateless, 'AWS::CloudFront::Distribution', 'PublicSite')
    const [aclId] = onlyResource(edge, 'AWS::WAFv2::WebACL', 'WebAcl')

    expect(resolveValue(distribution.Properties.DistributionConfig.WebACLId)).toMatch(
      new RegExp(`^<MarIntakeEdge/PublishOutputFnGetAtt${aclId}Arn\\w*>$`),
    )
  })
})

describe('Edge: the API only through CloudFront', () => {
  let stateless: Template
  beforeAll(() => {
    stateless = Template.fromStack(buildApp(cdkConfig, { region: 'eu-west-1' }).stateless)
  })

  it('has CloudFront send the origin secret (a Secrets Manager reference, not a literal) to the API origin only', () => {
    const [, distribution] = onlyResource(stateless, 'AWS::CloudFront::Distribution', 'PublicSite')
    const [secretId] = onlyResource(stateless, 'AWS::SecretsManager::Secret', 'OriginVerification')
    const origins = distribution.Properties.DistributionConfig.Origins
    const api = origins.find((origin: { CustomOriginConfig?: unknown }) => origin.CustomOriginConfig)
    const site = origins.filter((origin: { CustomOriginConfig?: unknown }) => !origin.CustomOriginConfig)

    expect(api.OriginCustomHeaders).toHaveLength(1)
    expect(api.OriginCustomHeaders[0].HeaderName).toBe(ORIGIN_VERIFY_HEADER)
    expect(resolveValue(api.OriginCustomHeaders[0].HeaderValue)).toBe(
      `{{resolve:secretsmanager:<${secretId}>:SecretString:::}}`,
    )
    for (const origin of site) expect(origin.OriginCustomHeaders).toBeUndefined()
  })

  it('gives every function behind an API route the secret to check, and nothing else does', () => {
    const [secretId] = onlyResource(stateless, 'AWS::SecretsManager::Secret', 'OriginVerification')
    const integrated = new Set(
      Object.values(stateless.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Resource>).map(
        (integration) => integration.Properties.IntegrationUri['Fn::GetAtt'][0] as string,
      ),
    )
    const functions = stateless.findResources('AWS::Lambda::Function') as Record<string, Resource>
    const withSecret = Object.entries(functions)
      .filter(([, fn]) => fn.Properties.Environment?.Variables?.[ORIGIN_SECRET_ARN_VARIABLE] !== undefined)
      .map(([id]) => id)

    expect(integrated.size).toBe(5)
    expect(withSecret.sort()).toEqual([...integrated].sort())
    for (const id of withSecret) {
      expect(functions[id]?.Properties.Environment.Variables[ORIGIN_SECRET_ARN_VARIABLE]).toEqual({ Ref: secretId })
    }
  })
})

describe('Edge: the throttled form page (Lambda@Edge)', () => {
  let edge: Template
  let stateless: Template
  beforeAll(() => {
    const app = buildApp(cdkConfig, { region: 'eu-west-1', account: '123456789012' })
    if (!app.edge) throw new Error('no edge stack with a concrete region')
    edge = Template.fromStack(app.edge)
    stateless = Template.fromStack(app.stateless)
  })

  it('is a function in us-east-1 as Lambda@Edge takes one: x86_64, Node.js 22, no environment, run by edgelambda too', () => {
    const [, fn] = onlyResource(edge, 'AWS::Lambda::Function', 'ThrottledPage')
    const [, role] = onlyResource(edge, 'AWS::IAM::Role', 'ThrottledPageRole')

    expect(fn.Properties).toMatchObject({ Architectures: ['x86_64'], Runtime: 'nodejs22.x', Handler: 'index.handler' })
    expect(fn.Properties.Environment).toBeUndefined()
    expect(fn.Properties.TracingConfig).toBeUndefined()
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service.sort()).toEqual([
      'edgelambda.amazonaws.com',
      'lambda.amazonaws.com',
    ])
    expect(Object.keys(edge.findResources('AWS::Lambda::Version'))).toHaveLength(1)
  })

  it('may write its own log groups only, in any region that runs it', () => {
    const [, policy] = onlyResource(edge, 'AWS::IAM::Policy', 'ThrottledPageRoleDefaultPolicy')

    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: expect.objectContaining({}),
      },
    ])
    expect(JSON.stringify(policy.Properties.PolicyDocument.Statement[0].Resource)).toContain(
      ':log-group:/aws/lambda/us-east-1.MarIntakeEdge-ThrottledPage*:*',
    )
  })

  it('runs on the origin responses of the paths a plain form posts to, and of no other path', () => {
    const [, distribution] = onlyResource(stateless, 'AWS::CloudFront::Distribution', 'PublicSite')
    const behaviors: Array<{ PathPattern: string; LambdaFunctionAssociations?: unknown[] }> =
      distribution.Properties.DistributionConfig.CacheBehaviors
    const withEdge = behaviors.filter((behavior) => behavior.LambdaFunctionAssociations !== undefined)

    expect(withEdge.map((behavior) => behavior.PathPattern)).toEqual([...FORM_POST_PATHS])
    for (const behavior of withEdge) {
      expect(behavior.LambdaFunctionAssociations).toEqual([
        {
          EventType: 'origin-response',
          LambdaFunctionARN: {
            'Fn::GetStackOutput': expect.objectContaining({ StackName: 'MarIntakeEdge', Region: 'us-east-1' }),
          },
        },
      ])
    }
    // Before the catch-all API behavior: CloudFront takes the first pattern that matches.
    const paths = behaviors.map((behavior) => behavior.PathPattern)
    for (const path of FORM_POST_PATHS) expect(paths.indexOf(path)).toBeLessThan(paths.indexOf('/api/*'))
  })
})

describe('Edge: an env-agnostic synth', () => {
  it('has no web ACL stack and says so (cdk synth always knows the region)', () => {
    const app = buildApp(cdkConfig)
    const [, distribution] = onlyResource(
      Template.fromStack(app.stateless),
      'AWS::CloudFront::Distribution',
      'PublicSite',
    )
    const warnings = app.stateless.node
      .findAll()
      .flatMap((node) => node.node.metadata)
      .filter((entry) => entry.type === 'aws:cdk:warning')
      .map((entry) => String(entry.data))

    expect(app.edge).toBeUndefined()
    expect(distribution.Properties.DistributionConfig.WebACLId).toBeUndefined()
    expect(warnings.some((warning) => warning.includes(NO_WEB_ACL_WARNING))).toBe(true)
  })
})
