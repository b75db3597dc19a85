import { fileURLToPath } from 'node:url'
import { ArnFormat, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import * as lambda from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as wafv2 from 'aws-cdk-lib/aws-wafv2'
import type { Construct } from 'constructs'
import { renderThrottledPage } from '../../functions/views/pages/throttled-page.ts'
import type { AppConfig } from '../config.ts'
import { acknowledgeExpectedWildcards } from '../constructs/nag.ts'

/** CloudFront takes only web ACLs of scope CLOUDFRONT, and those exist only in us-east-1. */
export const EDGE_REGION = 'us-east-1'

/**
 * Rules of the common rule set that inspect the request body. The bodies here are free text that MAR must take as
 * it comes (a description may quote a script tag, a path or a URL; the form allows 64 KiB, the rule set blocks over
 * 8 KiB) and that the functions store and render as data only, with their own size limits (413): these rules only
 * count. The rule set's header, URI, query and cookie rules block.
 */
export const COUNTED_BODY_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
] as const

export interface EdgeStackProps extends StackProps {
  readonly config: AppConfig
}

/** The label the per-IP rate rule puts on a request while its client is over the limit (it counts, never blocks). */
export const RATE_LIMITED_LABEL = 'mar:rate-limited'
/** The seconds a rate-limited client is told to wait: the rate rule's window. */
const RATE_WINDOW_SECONDS = 300
/** AWS WAF's quota on one custom response body. */
const WAF_BODY_LIMIT_BYTES = 4096

/**
 * The web ACL in front of the distribution (us-east-1): AWS's common and known-bad-inputs rule groups, and a rate
 * limit per client IP (`limits.wafRatePer5Minutes`) answered with 429 and Retry-After. The rate rule only labels a
 * client over the limit; the rules after it block: a browser's plain form post (no JavaScript) gets the form's
 * throttled page in its language, as the stage throttle's answer is made at the edge (functions/edge/), and every
 * other request the bilingual JSON. Metrics and sampled requests on; no WAF logging (it would keep the IP addresses
 * and paths of people who contact MAR).
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL
  /** Lambda@Edge on the form-post paths' origin responses (functions/edge/throttled-page.ts): its published version. */
  readonly throttledPage: lambda.IVersion

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props)
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    })
    const managed = (
      priority: number,
      name: string,
      excluded: readonly string[] = [],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: {
        managedRuleGroupStatement: {
          vendorName: 'AWS',
          name,
          ...(excluded.length === 0
            ? {}
            : { ruleActionOverrides: excluded.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }),
        },
      },
      visibilityConfig: visibility(name),
    })

    const rateLimited = (
      priority: number,
      name: string,
      body: string,
      conditions: wafv2.CfnWebACL.StatementProperty[],
    ): wafv2.CfnWebACL.RuleProperty => {
      const labelled = { labelMatchStatement: { scope: 'LABEL', key: RATE_LIMITED_LABEL } }
      return {
        name,
        priority,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: body,
              responseHeaders: [
                { name: 'retry-after', value: String(RATE_WINDOW_SECONDS) },
                { name: 'cache-control', value: 'no-store' },
              ],
            },
          },
        },
        statement: conditions.length === 0 ? labelled : { andStatement: { statements: [labelled, ...conditions] } },
        visibilityConfig: visibility(name),
      }
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'MAR Intake: in front of the CloudFront distribution',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('MarIntakeWebAcl'),
      customResponseBodies: {
        TooManyRequests: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: { code: 'too_many_requests', message: 'Te veel verzoeken. Too many requests.' },
          }),
        },
        ThrottledPageDutch: throttledPageBody('nl'),
        ThrottledPageEnglish: throttledPageBody('en'),
      },
      rules: [
        {
          name: 'RatePerClient',
          priority: 0,
          action: { count: {} },
          ruleLabels: [{ name: RATE_LIMITED_LABEL }],
          statement: {
            rateBasedStatement: {
              limit: props.config.limits.wafRatePer5Minutes,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('RatePerClient'),
        },
        rateLimited(1, 'RateLimitedFormPostEnglish', 'ThrottledPageEnglish', [plainFormPost, ...englishForm]),
        rateLimited(2, 'RateLimitedFormPost', 'ThrottledPageDutch', [plainFormPost]),
        rateLimited(3, 'RateLimited', 'TooManyRequests', []),
        managed(4, 'AWSManagedRulesCommonRuleSet', COUNTED_BODY_RULES),
        managed(5, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    })
    this.throttledPage = throttledPageFunction(this).currentVersion
  }
}

const header = (name: string, constraint: 'STARTS_WITH' | 'CONTAINS', text: string) => ({
  byteMatchStatement: {
    fieldToMatch: { singleHeader: { Name: name } },
    positionalConstraint: constraint,
    searchString: text,
    textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
  },
})

/** As `wantsHtml` (functions/http/responses.ts) tells it: a urlencoded body, and no JSON asked for. */
const plainFormPost: wafv2.CfnWebACL.StatementProperty = {
  andStatement: {
    statements: [
      header('content-type', 'STARTS_WITH', 'application/x-www-form-urlencoded'),
      { notStatement: { statement: header('accept', 'CONTAINS', 'application/json') } },
    ],
  },
}

/** The English form: its hidden `language=en` field, or a Referer under /en/ (functions/http/throttled-answer.ts). */
const englishForm: wafv2.CfnWebACL.StatementProperty[] = [
  {
    orStatement: {
      statements: [
        {
          byteMatchStatement: {
            fieldToMatch: { body: { oversizeHandling: 'CONTINUE' } },
            positionalConstraint: 'CONTAINS',
            searchString: 'language=en',
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        header('referer', 'CONTAINS', '/en/'),
      ],
    },
  },
]

function throttledPageBody(lang: 'nl' | 'en'): wafv2.CfnWebACL.CustomResponseBodyProperty {
  const content = renderThrottledPage({ lang, retryAfterSeconds: RATE_WINDOW_SECONDS })
  if (Buffer.byteLength(content) > WAF_BODY_LIMIT_BYTES)
    throw new Error(`The throttled page (${lang}) is over AWS WAF's ${WAF_BODY_LIMIT_BYTES} bytes for a response body`)
  return { contentType: 'TEXT_HTML', content }
}

/**
 * API Gateway's stage throttle answers a plain form post with JSON before any function of ours runs; this origin
 * response function turns that 429 into the form's page (functions/edge/throttled-page.ts). Lambda@Edge: in us-east-1,
 * a published version, x86_64, no environment variables, and CloudFront runs it under `edgelambda.amazonaws.com`; its
 * logs go to `/aws/lambda/us-east-1.<name>` in the regions that run it, so it may write to those log groups only.
 */
function throttledPageFunction(scope: Construct): NodejsFunction {
  const role = new iam.Role(scope, 'ThrottledPageRole', {
    assumedBy: new iam.CompositePrincipal(
      new iam.ServicePrincipal('lambda.amazonaws.com'),
      new iam.ServicePrincipal('edgelambda.amazonaws.com'),
    ),
    description: 'MAR Intake: the throttled form page (Lambda@Edge), writing its own logs only',
  })
  const fn = new NodejsFunction(scope, 'ThrottledPage', {
    entry: fileURLToPath(new URL('../../functions/edge/throttled-page.ts', import.meta.url)),
    handler: 'handler',
    description: 'MAR Intake: a throttled plain form post gets the form page saying when to try again',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.X86_64,
    memorySize: 128,
    timeout: Duration.seconds(5),
    role,
    bundling: { format: OutputFormat.ESM, minify: true, sourceMap: false, target: 'node22' },
  })
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [
        Stack.of(scope).formatArn({
          service: 'logs',
          region: '*',
          resource: 'log-group',
          // The name CloudFormation gives it (`<stack>-ThrottledPage…`): a Ref of the function would be a cycle.
          resourceName: `/aws/lambda/us-east-1.${Stack.of(scope).stackName}-ThrottledPage*:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  )
  for (const id of ['AwsSolutions-L1', 'Serverless-LambdaLatestVersion']) {
    Validations.of(fn).acknowledge({
      id,
      reason: 'Lambda@Edge runs the Node.js versions it lists, not always the newest Lambda runtime: Node.js 22 here.',
    })
  }
  Validations.of(fn).acknowledge({
    id: 'Serverless-LambdaDLQ',
    reason:
      'CloudFront invokes Lambda@Edge synchronously, on the response it is passing on: there is no event to keep.',
  })
  Validations.of(fn).acknowledge({
    id: 'Serverless-LambdaTracing',
    reason: 'Lambda@Edge does not take active tracing.',
  })
  acknowledgeExpectedWildcards(role, [
    {
      finding:
        /^Resource::arn:[^:]+:logs:\*:(?:<AWS::AccountId>|\d{12}):log-group:\/aws\/lambda\/us-east-1\.MarIntakeEdge-ThrottledPage\*:\*$/,
      reason: 'Lambda@Edge writes its logs in whichever region runs it: its own log group, in every region.',
    },
  ])
  return fn
}
