import { Annotations, type CfnResource, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib'
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import * as acm from 'aws-cdk-lib/aws-certificatemanager'
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront'
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins'
import type * as iam from 'aws-cdk-lib/aws-iam'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import * as s3 from 'aws-cdk-lib/aws-s3'
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment'
import { Construct } from 'constructs'
import {
  advisorContentSecurityPolicy,
  CONTENT_SECURITY_POLICY,
  HSTS_MAX_AGE_SECONDS,
} from '../../functions/views/security-headers.ts'
import { browserScriptsSync } from '../../web/bundle.ts'
import type { AppConfig } from '../config.ts'
import { advisorRedirectUri } from './advisor-sign-in.ts'
import { createLogGroup } from './lambda-defaults.ts'
import { acknowledgeExpectedWildcards } from './nag.ts'

/** The warning of an env-agnostic synth, which cannot refer to the web ACL in us-east-1 (lib/app.ts). */
export const NO_WEB_ACL_WARNING = 'mar:web-acl-needs-region'

/** One rendered page; `path` is its object key, e.g. `index.html` or `en/index.html`. */
export interface SitePage {
  readonly path: string
  readonly html: string
}

/** The site's policy (functions/views/security-headers.ts: one definition for CloudFront, the Lambdas and local/). */
export const contentSecurityPolicy = CONTENT_SECURITY_POLICY
export { advisorContentSecurityPolicy }

/** Sent with the workspace pages and with every API answer (unless the API set its own): nothing is kept. */
export const noStoreHeader = { header: 'Cache-Control', value: 'no-store' } as const

/** Sent with API responses that carry no Retry-After of their own (API Gateway's 429s have none). */
export const retryAfterHeader = { header: 'Retry-After', value: '1' } as const

/** Serves `/dir/` and `/dir` (no file extension) as `/dir/index.html`: S3 behind OAC has no index documents. */
const directoryIndexCode = `function handler(event) {
  var request = event.request
  var uri = request.uri
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html'
  } else if (!uri.split('/').pop().includes('.')) {
    request.uri = uri + '/index.html'
  }
  return request
}`

/**
 * The workspace pages: `/advisor` → `/advisor/`; `/advisor/cases/<reference>` → the one case page (it reads the
 * reference from the address); directories → their index.html.
 */
export const advisorPagesCode = `function handler(event) {
  var request = event.request
  var uri = request.uri
  if (uri === '/advisor') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/advisor/' } } }
  }
  if (/^\\/advisor\\/cases\\/[^/]+\\/?$/.test(uri)) {
    request.uri = '/advisor/case.html'
  } else if (uri.endsWith('/')) {
    request.uri = uri + 'index.html'
  } else if (!uri.split('/').pop().includes('.')) {
    request.uri = uri + '/index.html'
  }
  return request
}`

/** Where the web form and the follow-up page post to, without JavaScript too. */
export const FORM_POST_PATHS = ['/api/requests', '/api/follow-up*'] as const

export interface PublicSiteProps {
  readonly config: AppConfig
  /** The HTTP API that CloudFront serves under `/api/*`, `/actions/*` and `/health`. */
  readonly api: apigw.IHttpApi
  /** Headers CloudFront adds to every request to the API (the origin secret: lib/constructs/origin-verification.ts). */
  readonly apiOriginHeaders: Record<string, string>
  /** The web ACL (scope CLOUDFRONT, us-east-1) in front of the distribution; none only in an env-agnostic synth. */
  readonly webAclArn?: string
  /** The Lambda@Edge version that turns a throttled form post into the form's page; none where there is no edge stack. */
  readonly throttledPage?: lambda.IVersion
  readonly pages: readonly SitePage[]
  /** Absolute path of a folder published under `assets/`, with the browser scripts (web/bundle.ts) beside it. */
  readonly assetsDir: string
  /** Staff sign-in, published to the workspace pages as `advisor/config.json`. */
  readonly advisorSignIn: {
    /** `https://<domain>.auth.<region>.amazoncognito.com` */
    readonly domainUrl: string
    readonly clientId: string
  }
}

/** The public pages in a private bucket, and the API, behind one CloudFront distribution (one origin, no CORS). */
export class PublicSite extends Construct {
  readonly bucket: s3.Bucket
  readonly distribution: cloudfront.Distribution

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id)
    const { config } = props

    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      // Content is rebuilt on every deployment; kept on stack deletion rather than emptied by a custom resource.
      removalPolicy: RemovalPolicy.RETAIN,
      autoDeleteObjects: false,
    })

    const securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      contentSecurityPolicy: { contentSecurityPolicy, override: true },
    }
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'MAR Intake security headers',
      securityHeadersBehavior,
    })
    // API Gateway HTTP APIs answer a throttled request with 429 and no Retry-After. A viewer-response function cannot
    // add it: CloudFront runs no edge function on viewer responses when the origin returns 400 or higher. A headers
    // policy applies to every response, so the API behaviours carry `Retry-After: 1` unless the origin sent its own.
    // The header means something with 429, 503 and redirects only (RFC 6585, RFC 9110 §10.2.3); the API sends no
    // redirects, and clients ignore it on any other status.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'MAR Intake security headers, and Retry-After for throttled API requests',
      securityHeadersBehavior,
      customHeadersBehavior: {
        customHeaders: [
          { ...retryAfterHeader, override: false },
          { ...noStoreHeader, override: false },
        ],
      },
    })
    // The workspace pages: the site's headers, but a CSP that lets them reach the Cognito token endpoint, and no-store.
    const advisorHeaders = new cloudfront.ResponseHeadersPolicy(this, 'AdvisorHeaders', {
      comment: 'MAR Intake workspace pages: security headers with the sign-in origin, no-store',
      securityHeadersBehavior: {
        ...securityHeadersBehavior,
        contentSecurityPolicy: {
          contentSecurityPolicy: advisorContentSecurityPolicy(props.advisorSignIn.domainUrl),
          override: true,
        },
      },
      customHeadersBehavior: { customHeaders: [{ ...noStoreHeader, override: true }] },
    })

    const apiOrigin = new origins.HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: props.apiOriginHeaders,
    })
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
    }

    const directoryIndex = new cloudfront.Function(this, 'DirectoryIndex', {
      comment: 'Maps directory URLs to index.html',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(directoryIndexCode),
    })

    const advisorPages = new cloudfront.Function(this, 'AdvisorPages', {
      comment: 'Maps workspace URLs (/advisor/cases/<reference>, directories) to their pages',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(advisorPagesCode),
    })
    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket)
    const advisorBehavior: cloudfront.BehaviorOptions = {
      origin: siteOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: advisorHeaders,
      functionAssociations: [{ function: advisorPages, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'MAR Intake',
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.webAclArn === undefined ? {} : { webAclId: props.webAclArn }),
      ...(config.customDomain && {
        domainNames: [config.customDomain.domainName],
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.customDomain.certificateArn),
      }),
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: directoryIndex, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        // `/api/advisor/*` too: uncached, and all viewer headers reach the API, Authorization included (CloudFront
        // forwards it through an origin request policy only when caching is disabled, as here).
        // The paths a plain form posts to: a throttled post gets the form's page, not API Gateway's JSON (the edge
        // function lives in the edge stack, which an env-agnostic synth does not have).
        ...(props.throttledPage === undefined
          ? {}
          : Object.fromEntries(
              FORM_POST_PATHS.map((path) => [
                path,
                {
                  ...apiBehavior,
                  edgeLambdas: [
                    { functionVersion: props.throttledPage, eventType: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE },
                  ],
                },
              ]),
            )),
        '/api/*': apiBehavior,
        '/actions/*': apiBehavior,
        '/health': apiBehavior,
        '/advisor': advisorBehavior,
        '/advisor/*': advisorBehavior,
      },
    })

    const deploymentLogs = createLogGroup(this, 'DeploymentLogs', config.retention.logDays)
    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      destinationBucket: this.bucket,
      destinationKeyPrefix: 'assets/',
      // The browser scripts are built from web/src at synth (esbuild, offline) and published beside the files.
      sources: [
        s3deploy.Source.asset(props.assetsDir),
        ...browserScriptsSync().map((script) => s3deploy.Source.data(script.name, script.code)),
      ],
      logGroup: deploymentLogs,
    })
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      destinationBucket: this.bucket,
      sources: [
        ...props.pages.map((page) => s3deploy.Source.data(page.path, page.html)),
        s3deploy.Source.jsonData(advisorConfigPath, advisorConfig(config, props.advisorSignIn)),
      ],
      // The assets deployment owns assets/: pruning here must not remove them.
      exclude: ['assets/*'],
      logGroup: deploymentLogs,
      distribution: this.distribution,
      distributionPaths: ['/*'],
    })
    pages.node.addDependency(assets)

    this.acknowledgeFindings(config, pages.handlerRole, props.webAclArn !== undefined)
  }

  private acknowledgeFindings(config: AppConfig, deploymentRole: iam.IRole, hasWebAcl: boolean) {
    const privacy =
      'Not logged by design: access logs would record the IP addresses and paths of people who contact MAR about ' +
      'radicalisation. Content changes only through deployments (CloudTrail).'
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: privacy })
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR3', reason: privacy },
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A public municipal service: people may reach MAR from anywhere (e.g. family members abroad).',
      },
    )
    if (!hasWebAcl) {
      Annotations.of(this).addWarningV2(
        NO_WEB_ACL_WARNING,
        'No deploy region at synth: the distribution gets no web ACL. Set CDK_DEFAULT_REGION (cdk synth does).',
      )
    }
    if (!config.customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without customDomain the default *.cloudfront.net certificate is used, whose policy CloudFront fixes at ' +
          'TLSv1; configure customDomain to enforce TLSv1.2_2021.',
      })
    }

    // The BucketDeployment provider is a CDK-managed singleton: its runtime and grants are not ours to choose.
    const provider = 'CDK-managed BucketDeployment provider'
    const providerFunction = deploymentRole.node.scope
    if (providerFunction) {
      Validations.of(providerFunction).acknowledge(
        { id: 'AwsSolutions-L1', reason: `${provider}: CDK pins its Python runtime.` },
        { id: 'Serverless-LambdaLatestVersion', reason: `${provider}: CDK pins its Python runtime.` },
        { id: 'Serverless-LambdaTracing', reason: `${provider}: CDK configures it; it runs at deploy time only.` },
        {
          id: 'Serverless-LambdaDLQ',
          reason: `${provider}: invoked synchronously by CloudFormation, which reports a failure as a failed deploy.`,
        },
      )
    }
    Validations.of(deploymentRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${provider}: CDK attaches the basic execution policy (log writing only).`,
    })
    acknowledgeExpectedWildcards(deploymentRole, [
      {
        finding: /^Action::s3:(GetBucket|GetObject|List|Abort|DeleteObject)\*$/,
        reason: `${provider}: CDK's grantRead on the asset bucket and grantReadWrite on the site bucket.`,
      },
      {
        finding: /^Resource::arn:(aws[a-z-]*|<AWS::Partition>):s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/,
        reason: `${provider}: reads the deployment's own zip objects from the CDK asset bucket.`,
      },
      {
        finding: new RegExp(
          `^Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnResource)}\\.Arn>/\\*$`,
        ),
        reason: `${provider}: writes and prunes the objects of the site bucket.`,
      },
      {
        finding: /^Resource::\*$/,
        reason: `${provider}: cloudfront:CreateInvalidation/GetInvalidation support no resource-level permissions.`,
      },
    ])
  }
}

/** Where the workspace pages read how to sign in (locally `{"signIn":"dev"}`, served by the local runtime). */
export const advisorConfigPath = 'advisor/config.json'

/** The workspace's sign-in settings: Cognito's OAuth endpoints for the public app client (code flow with PKCE). */
export function advisorConfig(config: AppConfig, signIn: PublicSiteProps['advisorSignIn']) {
  return {
    signIn: 'cognito',
    authorizeUrl: `${signIn.domainUrl}/oauth2/authorize`,
    tokenUrl: `${signIn.domainUrl}/oauth2/token`,
    logoutUrl: `${signIn.domainUrl}/logout`,
    clientId: signIn.clientId,
    redirectUri: advisorRedirectUri(config.publicUrl),
  }
}
