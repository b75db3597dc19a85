import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type * as kms from 'aws-cdk-lib/aws-kms'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { ITEM_BACKSTOP_DAYS_VARIABLE } from '../../functions/adapters/environment.ts'
import { backstopDays } from '../../functions/core/retention/retention.ts'
import type { HttpFunctionName } from '../../functions/http/routes.ts'
import { type AppConfig, retentionPolicyOf } from '../config.ts'
import { ActionLinks } from '../constructs/action-links.ts'
import { AdvisorApi } from '../constructs/advisor-api.ts'
import type { AdvisorSignIn } from '../constructs/advisor-sign-in.ts'
import { Api } from '../constructs/api.ts'
import { CaseStreamReader } from '../constructs/case-stream-reader.ts'
import { CaseWorkflow } from '../constructs/case-workflow.ts'
import { logEncryptionKey } from '../constructs/lambda-defaults.ts'
import { Mail } from '../constructs/mail.ts'
import { MailEvents } from '../constructs/mail-events.ts'
import { MailIntake } from '../constructs/mail-intake.ts'
import { MAIL_RECEIPT_RULE } from '../constructs/mail-store.ts'
import { Monitoring } from '../constructs/monitoring.ts'
import { acknowledgeNoDeadLetterQueue } from '../constructs/nag.ts'
import { OriginVerification } from '../constructs/origin-verification.ts'
import { PublicSite, type SitePage } from '../constructs/public-site.ts'
import { Retention } from '../constructs/retention.ts'
import { WebIntake } from '../constructs/web-intake.ts'

export interface StatelessStackProps extends StackProps {
  readonly config: AppConfig
  readonly caseTable: dynamodb.ITable
  readonly signingSecret: secretsmanager.ISecret
  /** The search index's key (stateful stack). */
  readonly searchSecret: secretsmanager.ISecret
  /** The staff user pool, its domain and the workspace's app client (stateful stack). */
  readonly advisorSignIn: AdvisorSignIn
  /** The mail bucket and its key (stateful stack): received messages and case attachments. */
  readonly mail: { readonly bucket: s3.IBucket; readonly key: kms.IKey }
  readonly site: {
    readonly pages: readonly SitePage[]
    readonly assetsDir: string
  }
  /** The CLOUDFRONT-scope web ACL of the distribution (lib/stacks/edge-stack.ts, us-east-1). */
  readonly webAclArn?: string
  /** The edge stack's throttled-page function (Lambda@Edge, us-east-1), on the form-post paths. */
  readonly throttledPage?: lambda.IVersion
}

/**
 * Everything that can be replaced freely: functions, the HTTP API and the public site in front of it, and the SES
 * receipt rule set of the e-mail intake.
 */
export class StatelessStack extends Stack {
  readonly logKey: kms.Key
  /** MAR's SES identities and configuration set (the mail bucket is the stateful stack's: props.mail). */
  readonly outgoingMail: Mail
  readonly webIntake: WebIntake
  readonly api: Api
  readonly publicSite: PublicSite
  readonly caseWorkflow: CaseWorkflow
  readonly caseStreamReader: CaseStreamReader
  readonly actionLinks: ActionLinks
  readonly advisorApi: AdvisorApi
  readonly mailIntake: MailIntake
  readonly retention: Retention
  readonly mailEvents: MailEvents
  readonly monitoring: Monitoring
  readonly originVerification: OriginVerification

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props)
    const { config } = props

    // Its log groups' key (lib/constructs/lambda-defaults.ts), made before any of them.
    this.logKey = logEncryptionKey(this)

    this.monitoring = new Monitoring(this, 'Monitoring', { config })
    this.outgoingMail = new Mail(this, 'OutgoingMail', { config })
    this.webIntake = new WebIntake(this, 'WebIntake', {
      config,
      table: props.caseTable,
      searchSecret: props.searchSecret,
    })
    this.caseWorkflow = new CaseWorkflow(this, 'CaseWorkflow', {
      config,
      table: props.caseTable,
      signingSecret: props.signingSecret,
      sending: this.outgoingMail,
    })
    this.caseStreamReader = new CaseStreamReader(this, 'CaseStreamReader', {
      config,
      table: props.caseTable,
      stateMachine: this.caseWorkflow.stateMachine,
    })
    this.actionLinks = new ActionLinks(this, 'ActionLinks', {
      config,
      table: props.caseTable,
      signingSecret: props.signingSecret,
    })
    this.advisorApi = new AdvisorApi(this, 'AdvisorApi', {
      config,
      table: props.caseTable,
      signingSecret: props.signingSecret,
      searchSecret: props.searchSecret,
      mail: props.mail,
    })
    // Each function name of the route table (functions/http/routes.ts), from the capability that made it.
    const httpFunctions: Record<HttpFunctionName, NodejsFunction> = {
      'web-intake-submit': this.webIntake.submitFunction,
      health: this.webIntake.healthFunction,
      'follow-up': this.webIntake.followUpFunction,
      actions: this.actionLinks.function,
      'advisor-api': this.advisorApi.function,
    }
    this.api = new Api(this, 'Api', {
      config,
      staffSignIn: {
        issuerUrl: props.advisorSignIn.issuerUrl,
        clientId: props.advisorSignIn.client.userPoolClientId,
      },
      functions: httpFunctions,
    })
    this.mailIntake = new MailIntake(this, 'MailIntake', {
      config,
      table: props.caseTable,
      signingSecret: props.signingSecret,
      searchSecret: props.searchSecret,
      mailBucket: props.mail.bucket,
      mailKey: props.mail.key,
      sending: this.outgoingMail,
    })
    this.mailEvents = new MailEvents(this, 'MailEvents', {
      config,
      table: props.caseTable,
      configurationSet: this.outgoingMail.configurationSet,
      topicKey: this.monitoring.topicKey,
    })
    // Every function behind an API route refuses requests that did not come through CloudFront.
    this.originVerification = new OriginVerification(this, 'OriginVerification')
    for (const fn of Object.values(httpFunctions)) {
      this.originVerification.protect(fn)
      acknowledgeNoDeadLetterQueue(
        fn,
        'Invoked synchronously by API Gateway only: a failure is the HTTP answer (and the API access log), nothing is queued.',
      )
    }
    this.retention = new Retention(this, 'Retention', {
      config,
      table: props.caseTable,
      mailBucket: props.mail.bucket,
      sending: this.outgoingMail,
      alarmTopic: this.monitoring.alarmTopic,
    })
    this.watch()
    this.setItemBackstop(config)
    this.publicSite = new PublicSite(this, 'PublicSite', {
      config,
      api: this.api.httpApi,
      apiOriginHeaders: this.originVerification.originHeaders,
      ...(props.webAclArn === undefined ? {} : { webAclArn: props.webAclArn }),
      ...(props.throttledPage === undefined ? {} : { throttledPage: props.throttledPage }),
      pages: props.site.pages,
      assetsDir: props.site.assetsDir,
      advisorSignIn: {
        domainUrl: props.advisorSignIn.domain.baseUrl(),
        clientId: props.advisorSignIn.client.userPoolClientId,
      },
    })

    new CfnOutput(this, 'DistributionDomainName', { value: this.publicSite.distribution.distributionDomainName })
    new CfnOutput(this, 'MailReceiptRuleSetName', {
      description: 'Inactive until activated: aws ses set-active-receipt-rule-set --rule-set-name <this>',
      value: MAIL_RECEIPT_RULE.ruleSetName,
    })
  }

  /**
   * Every function that writes case items gives them the same TTL backstop (core/retention/retention.ts backstopDays): one
   * variable on all of the stack's functions, so a retention configured longer than the default never lets TTL delete
   * a case before its purge.
   */
  private setItemBackstop(config: AppConfig) {
    const days = String(backstopDays(config.retention.caseDays, retentionPolicyOf(config)))
    for (const construct of this.node.findAll()) {
      if (construct instanceof NodejsFunction) construct.addEnvironment(ITEM_BACKSTOP_DAYS_VARIABLE, days)
    }
  }

  /** Every asynchronous function's failures queue and the workflow's failures have an alarm (the purge's is its own). */
  private watch() {
    const { monitoring } = this
    monitoring.alarmWhenQueued(
      'CaseStreamReaderFailuresAlarm',
      this.caseStreamReader.failures,
      'A stored case could not start its workflow or keep its statistics record (see the case stream reader’s ' +
        'Failures queue).',
    )
    monitoring.alarmWhenQueued(
      'ReceiveFailuresAlarm',
      this.mailIntake.failures,
      'A received message could not be filed after its retries (see the ReceiveFailures queue); its raw mail is ' +
        'kept under inbound/ for retention.rawMailDays.',
    )
    monitoring.alarmWhenQueued(
      'MailEventFailuresAlarm',
      this.mailEvents.failures,
      'A bounce or complaint of MAR mail could not be recorded (see the MailEventFailures queue).',
    )
    monitoring.alarmOnWorkflow(this.caseWorkflow.stateMachine, this.caseWorkflow.failureStages)
    monitoring.alarmOnDeadlineBreaches()
    monitoring.alarmOnMailEvents(this.mailEvents.topic)
  }
}
