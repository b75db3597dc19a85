import { Stack, type StackProps } from 'aws-cdk-lib'
import * as wafv2 from 'aws-cdk-lib/aws-wafv2'
import type { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'

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

/**
 * The web ACL in front of the distribution (us-east-1): AWS's common and known-bad-inputs rule groups, and a rate
 * limit per client IP (`limits.wafRatePer5Minutes`) answered with 429 and Retry-After. Metrics and sampled requests
 * on; no WAF logging (it would keep the IP addresses and paths of people who contact MAR).
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL

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
      },
      rules: [
        {
          name: 'RatePerClient',
          priority: 0,
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'TooManyRequests',
                responseHeaders: [{ name: 'retry-after', value: '300' }],
              },
            },
          },
          statement: {
            rateBasedStatement: {
              limit: props.config.limits.wafRatePer5Minutes,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
            },
          },
          visibilityConfig: visibility('RatePerClient'),
        },
        managed(1, 'AWSManagedRulesCommonRuleSet', COUNTED_BODY_RULES),
        managed(2, 'AWSManagedRulesKnownBadInputsRuleSet'),
      ],
    })
  }
}
