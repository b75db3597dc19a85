import { SESv2Client } from '@aws-sdk/client-sesv2'
import { SesMailer } from '../../adapters/ses-mailer.ts'
import type { PlatformWith } from '../platform.ts'

/** SES: MAR's notifications from the sender address (else the intake address), answers to requesters from the intake. */
export function awsMailer(environment: {
  SENDER_ADDRESS?: string | undefined
  INTAKE_ADDRESS: string
  AWS_REGION: string
  SES_CONFIGURATION_SET?: string | undefined
}): PlatformWith<'mailer'> {
  return {
    mailer: new SesMailer(new SESv2Client({}), {
      from: environment.SENDER_ADDRESS ?? environment.INTAKE_ADDRESS,
      intakeAddress: environment.INTAKE_ADDRESS,
      region: environment.AWS_REGION,
      ...(environment.SES_CONFIGURATION_SET ? { configurationSetName: environment.SES_CONFIGURATION_SET } : {}),
    }),
  }
}
