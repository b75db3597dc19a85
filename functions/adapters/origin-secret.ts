import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { OriginSecretSource } from '../http/origin-verify.ts'
import { cachedSecret } from './cached-secret.ts'

/** CloudFront's origin secret from Secrets Manager (cached-secret.ts: read again after a quarter of an hour). */
export function secretsManagerOriginSecret(
  client: SecretsManagerClient,
  secretId: string,
  now: () => number = Date.now,
): OriginSecretSource {
  return cachedSecret(client, secretId, (value) => value, now)
}

/** The environment variable lib/constructs/origin-verification.ts sets on every API function. */
export const ORIGIN_SECRET_ARN_VARIABLE = 'ORIGIN_VERIFY_SECRET_ARN'

/** The origin secret of the API function this runs in (its ARN from the environment). */
export function originSecretFromEnvironment(environment: NodeJS.ProcessEnv = process.env): OriginSecretSource {
  const secretId = environment[ORIGIN_SECRET_ARN_VARIABLE]
  if (!secretId) throw new Error(`Missing environment variable ${ORIGIN_SECRET_ARN_VARIABLE}`)
  return secretsManagerOriginSecret(new SecretsManagerClient({}), secretId)
}
