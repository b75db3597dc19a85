import { Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as ses from 'aws-cdk-lib/aws-ses'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'

/** The domain of an address, lower case. */
export const domainOf = (address: string) => (address.split('@')[1] ?? address).toLowerCase()

/**
 * Outgoing mail: the sender's domain as an SES identity (DKIM), and a configuration set for reputation and
 * suppression. Advisor replies go out From the intake address (requesters answer to the mailbox they wrote to): its
 * domain is an identity too when it differs. Functions get leave to send through `grantSendEmail`, as named
 * addresses only.
 */
export class Mail extends Construct {
  readonly configurationSet: ses.ConfigurationSet
  /** The SES identities mail is sent from: the sender's domain, and the intake address's when it differs. */
  readonly identities: ses.EmailIdentity[]

  constructor(scope: Construct, id: string, props: { readonly config: AppConfig }) {
    super(scope, id)
    const { config } = props
    const senderDomain = domainOf(config.senderAddress)
    const intakeDomain = domainOf(config.intakeAddress)
    this.identities = [
      new ses.EmailIdentity(this, 'SenderIdentity', { identity: ses.Identity.domain(senderDomain) }),
      ...(intakeDomain === senderDomain
        ? []
        : [new ses.EmailIdentity(this, 'IntakeIdentity', { identity: ses.Identity.domain(intakeDomain) })]),
    ]
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      sendingEnabled: true,
    })
  }

  /**
   * Lets a function send mail through SES as the given addresses only (a domain identity would otherwise let it
   * send as anyone at that domain), through MAR's identities and configuration set.
   */
  grantSendEmail(fn: NodejsFunction, fromAddresses: readonly string[]): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...this.identities.map((identity) =>
            Stack.of(this).formatArn({
              service: 'ses',
              resource: 'identity',
              resourceName: identity.emailIdentityName,
            }),
          ),
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { 'ses:FromAddress': [...new Set(fromAddresses)] } },
      }),
    )
  }
}
