import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { secretsManagerSigningKey } from '../../adapters/signing-key.ts'
import type { PlatformWith } from '../platform.ts'

/** The link-signing secret, from Secrets Manager. */
export function awsSigningKey(environment: { SIGNING_SECRET_ARN: string }): PlatformWith<'signingKey'> {
  return { signingKey: secretsManagerSigningKey(new SecretsManagerClient({}), environment.SIGNING_SECRET_ARN) }
}
