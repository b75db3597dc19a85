import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CfnElement } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import { beforeAll, describe, expect, it } from 'vitest'
import { advisorConfigPath, advisorPagesCode } from '../../lib/constructs/public-site.ts'
import { buildApp, cdkConfig, onlyResource, type Resource, resolveValue } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

type Behaviour = Record<string, unknown> & { PathPattern?: string }

let template: Template
let outdir: string
let behaviours: Behaviour[]
let distributionConfig: Record<string, unknown> & { CacheBehaviors: Behaviour[]; DefaultCacheBehavior: Behaviour }
/** The Cognito domain's base URL as the stateless stack sees it (the domain lives in the stateful stack). */
let signInUrl: string
/** The app client's id, likewise. */
let clientIdRef: string

beforeAll(() => {
  const built = buildApp(cdkConfig)
  template = Template.fromStack(built.stateless)
  outdir = built.app.outdir
  const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution', 'PublicSite')
  distributionConfig = distribution.Properties.DistributionConfig
  behaviours = distributionConfig.CacheBehaviors.filter((behaviour) => behaviour.PathPattern?.startsWith('/advisor'))
  const outputOf = (construct: { node: { defaultChild?: unknown } }) =>
    `<MarIntakeStateful/PublishOutputRef${built.stateful.getLogicalId(construct.node.defaultChild as CfnElement)}>`
  signInUrl = `https://${outputOf(built.stateful.advisorSignIn.domain)}.auth.<AWS::Region>.amazoncognito.com`
  clientIdRef = outputOf(built.stateful.advisorSignIn.client)
})

/** Runs the CloudFront function's code (plain JavaScript) on a viewer request for `uri`. */
function viewerRequest(uri: string) {
  const handler = new Function(`${advisorPagesCode}; return handler`)() as (event: unknown) => {
    uri?: string
    statusCode?: number
    headers?: Record<string, { value: string }>
  }
  return handler({ request: { uri, method: 'GET', headers: {}, querystring: {} } })
}

/** Replaces the cross-stack output's hashed suffix, so a URL compares with `signInUrl`. */
const withoutOutputSuffix = (text: string) => text.replace(/(PublishOutputRef\w+?)[0-9A-F]{8}>/g, '$1>')

describe('Workspace pages: addresses', () => {
  it('serves /advisor/cases/<reference> as the one case page', () => {
    expect(viewerRequest('/advisor/cases/MAR-7K2M-9QXD').uri).toBe('/advisor/case.html')
    expect(viewerRequest('/advisor/cases/MAR-7K2M-9QXD/').uri).toBe('/advisor/case.html')
  })

  it('serves the list and the phone page from their index.html, and files as they are', () => {
    expect(viewerRequest('/advisor/').uri).toBe('/advisor/index.html')
    expect(viewerRequest('/advisor/phone/').uri).toBe('/advisor/phone/index.html')
    expect(viewerRequest('/advisor/phone').uri).toBe('/advisor/phone/index.html')
    expect(viewerRequest('/advisor/config.json').uri).toBe('/advisor/config.json')
    expect(viewerRequest('/advisor/cases/MAR-7K2M-9QXD/extra').uri).toBe(
      '/advisor/cases/MAR-7K2M-9QXD/extra/index.html',
    )
  })

  it('redirects /advisor to /advisor/ (the sign-in callback and the pages’ relative links live there)', () => {
    expect(viewerRequest('/advisor')).toEqual({
      statusCode: 301,
      statusDescription: 'Moved Permanently',
      headers: { location: { value: '/advisor/' } },
    })
  })

  it('runs that function on viewer requests for /advisor and /advisor/*, from the site bucket', () => {
    const [functionId, fn] = onlyResource(template, 'AWS::CloudFront::Function', 'PublicSiteAdvisorPages')
    const siteOrigin = distributionConfig.DefaultCacheBehavior.TargetOriginId

    expect(fn.Properties.FunctionCode).toBe(advisorPagesCode)
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0')
    expect(behaviours.map((behaviour) => behaviour.PathPattern)).toEqual(['/advisor', '/advisor/*'])
    for (const behaviour of behaviours) {
      expect(behaviour, behaviour.PathPattern).toMatchObject({
        TargetOriginId: siteOrigin,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
        FunctionAssociations: [
          { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } },
        ],
      })
    }
  })
})

describe('Workspace pages: headers', () => {
  it('lets the pages reach the Cognito domain and nothing else; scripts from the site only, no inline code', () => {
    const [policyId, policy] = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'PublicSiteAdvisor')
    const headers = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig
    const csp = withoutOutputSuffix(resolveValue(headers.ContentSecurityPolicy.ContentSecurityPolicy))

    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ${signInUrl}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(headers.ContentSecurityPolicy.Override).toBe(true)
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true })
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true })
    for (const behaviour of behaviours) expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId })
  })

  it('tells browsers to keep nothing of the workspace pages', () => {
    const [, policy] = onlyResource(template, 'AWS::CloudFront::ResponseHeadersPolicy', 'PublicSiteAdvisor')

    expect(policy.Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig).toEqual({
      Items: [{ Header: 'Cache-Control', Value: 'no-store', Override: true }],
    })
  })

  it('sends /api/advisor/* to the API with the Authorization header (all viewer headers, caching disabled)', () => {
    // CloudFront matches behaviours in order: no earlier pattern may catch /api/advisor/… for the bucket.
    const firstMatch = distributionConfig.CacheBehaviors.find((behaviour) =>
      new RegExp(`^${(behaviour.PathPattern ?? '').replace(/\*/g, '.*')}$`).test('/api/advisor/cases/MAR-7K2M-9QXD'),
    )

    expect(firstMatch?.PathPattern).toBe('/api/*')
    expect(firstMatch).toMatchObject({
      CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
      OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    })
  })
})

describe('Workspace pages: sign-in settings', () => {
  it('publishes advisor/config.json with the Cognito endpoints, the app client and the callback address', () => {
    const pages = (Object.values(template.findResources('Custom::CDKBucketDeployment')) as Resource[]).find(
      (deployment) => deployment.Properties.DestinationBucketKeyPrefix === undefined,
    ) as Resource
    const objectKeys: string[] = pages.Properties.SourceObjectKeys
    const staged = objectKeys
      .map((key, index) => ({ file: join(outdir, `asset.${key.replace(/\.zip$/, '')}`, advisorConfigPath), index }))
      .filter(({ file }) => existsSync(file))

    expect(staged).toHaveLength(1)
    const { file, index } = staged[0] as (typeof staged)[number]
    const markers: Record<string, unknown> = pages.Properties.SourceMarkers[index]
    const text = Object.entries(markers).reduce(
      (json, [marker, value]) => json.replaceAll(marker, resolveValue(value)),
      readFileSync(file, 'utf8'),
    )
    const config = JSON.parse(withoutOutputSuffix(text))

    expect(config).toEqual({
      signIn: 'cognito',
      authorizeUrl: `${signInUrl}/oauth2/authorize`,
      tokenUrl: `${signInUrl}/oauth2/token`,
      logoutUrl: `${signInUrl}/logout`,
      clientId: clientIdRef,
      redirectUri: 'https://mar.rotterdam.nl/advisor/',
    })
    expect(pages.Properties.SourceMarkersConfig[index]).toEqual({ jsonEscape: true })
  })
})
