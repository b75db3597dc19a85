import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type * as kms from 'aws-cdk-lib/aws-kms'
import type * as s3 from 'aws-cdk-lib/aws-s3'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'
import { AdvisorApi } from '../constructs/advisor-api.ts'
import type { AdvisorSignIn } from '../constructs/advisor-sign-in.ts'
import { CaseWorkflow } from '../constructs/case-workflow.ts'
import { MailIntake } from '../constructs/mail-intake.ts'
import { MAIL_RECEIPT_RULE } from '../constructs/mail-store.ts'
import { PublicSite, type SitePage } from '../constructs/public-site.ts'
import { WebIntake } from '../constructs/web-intake.ts'

export interface StatelessStackProps extends StackProps {
  readonly config: AppConfig
  readonly caseTable: dynamodb.ITable
  readonly signingSecret: secretsmanager.ISecret
  /** The staff user pool, its domain and the workspace's app client (stateful stack). */
  readonly advisorSignIn: AdvisorSignIn
  /** The mail bucket and its key (stateful stack): received messages and case attachments. */
  readonly mail: { readonly bucket: s3.IBucket; readonly key: kms.IKey }
  readonly site: {
    readonly pages: readonly SitePage[]
    readonly assetsDir: string
  }
}

/**
 * Everything that can be replaced freely: functions, the HTTP API and the public site in front of it, and the SES
 * receipt rule set of the e-mail intake.
 */
export class StatelessStack extends Stack {
  readonly webIntake: WebIntake
  readonly publicSite: PublicSite
  readonly caseWorkflow: CaseWorkflow
  readonly advisorApi: AdvisorApi
  readonly mailIntake: MailIntake

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props)
    const { config } = props

    this.webIntake = new WebIntake(this, 'WebIntake', { config, table: props.caseTable })
    this.caseWorkflow = new CaseWorkflow(this, 'CaseWorkflow', {
      config,
      table: props.caseTable,
      api: this.webIntake.api,
      signingSecret: props.signingSecret,
    })
    this.advisorApi = new AdvisorApi(this, 'AdvisorApi', {
      config,
      table: props.caseTable,
      api: this.webIntake.api,
      signingSecret: props.signingSecret,
      signIn: props.advisorSignIn,
      mail: props.mail,
    })
    this.mailIntake = new MailIntake(this, 'MailIntake', {
      config,
      table: props.caseTable,
      signingSecret: props.signingSecret,
      mailBucket: props.mail.bucket,
      mailKey: props.mail.key,
      alarmTopic: this.caseWorkflow.alarmTopic,
      sending: this.caseWorkflow,
    })
    this.publicSite = new PublicSite(this, 'PublicSite', {
      config,
      api: this.webIntake.api,
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
}
