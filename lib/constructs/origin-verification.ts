import { RemovalPolicy, Validations } from 'aws-cdk-lib'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { ORIGIN_SECRET_ARN_VARIABLE } from '../../functions/adapters/origin-secret.ts'
import { ORIGIN_VERIFY_HEADER } from '../../functions/http/origin-verify.ts'

/**
 * The API accepts requests only through CloudFront: CloudFront adds `x-origin-verify: <secret>` to every request to
 * the API origin (a Secrets Manager dynamic reference, resolved by CloudFormation at deploy), and every API function
 * refuses a request without it (functions/http/origin-verify.ts), reading the value from Secrets Manager at run time.
 */
export class OriginVerification extends Construct {
  readonly secret: secretsmanager.Secret

  constructor(scope: Construct, id: string) {
    super(scope, id)
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'MAR Intake: the header value CloudFront sends to the API; requests without it are refused',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    })
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'CloudFront holds the value in its origin configuration, set at deploy: a rotation Lambda would make the ' +
        'functions refuse CloudFront until the next deploy. Rotate by replacing the secret in a deploy.',
    })
  }

  /** The custom origin header of the API origin. */
  get originHeaders(): Record<string, string> {
    return { [ORIGIN_VERIFY_HEADER]: this.secret.secretValue.unsafeUnwrap() }
  }

  /** An API function: it reads the secret (by ARN from its environment) to check each request. */
  protect(fn: NodejsFunction): void {
    fn.addEnvironment(ORIGIN_SECRET_ARN_VARIABLE, this.secret.secretArn)
    this.secret.grantRead(fn)
  }
}
