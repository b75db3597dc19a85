import { Duration } from 'aws-cdk-lib'
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { AppConfig } from '../config.ts'
import { createNodeFunction } from './lambda-defaults.ts'
import { acknowledgeNoDeadLetterQueue } from './nag.ts'

/**
 * Links live 14 days and the previous key keeps opening them until the next rotation, so a rotation every 30 days
 * never breaks a link that has not expired (functions read the secret again within 15 minutes).
 */
export const SIGNING_KEY_ROTATION_DAYS = 30

/**
 * The rotation of the link-signing secret: a small function (functions/signing-key-rotation) that Secrets Manager
 * calls every SIGNING_KEY_ROTATION_DAYS days to make a new current key and keep the old one as previous.
 */
export class SigningKeyRotation extends Construct {
  constructor(scope: Construct, id: string, props: { config: AppConfig; secret: secretsmanager.Secret }) {
    super(scope, id)
    const rotationFunction = createNodeFunction(this, 'RotationFunction', {
      entry: 'signing-key-rotation/rotate.ts',
      description: 'rotates the one-click link key (new current key, the old one kept as previous)',
      logRetention: props.config.retention.logDays,
      memorySize: 128,
      timeout: Duration.seconds(30),
      environment: {},
    })
    acknowledgeNoDeadLetterQueue(
      rotationFunction,
      'Invoked by Secrets Manager for each rotation step: a failed step leaves the current key in force and is shown as a failed rotation of the secret, nothing is queued.',
    )
    props.secret.addRotationSchedule('Rotation', {
      rotationLambda: rotationFunction,
      automaticallyAfter: Duration.days(SIGNING_KEY_ROTATION_DAYS),
      rotateImmediatelyOnUpdate: false,
    })
  }
}
