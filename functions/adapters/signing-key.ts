import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { parseSigningKeySecret } from '../core/links/signing-key-secret.ts'
import type { SigningKeySource } from '../core/ports/stores.ts'
import { cachedSecret } from './cached-secret.ts'

/**
 * The action-link keys from Secrets Manager (the JSON of core/links/signing-key-secret.ts), read again after a quarter of
 * an hour (cached-secret.ts), so a rotated key is used soon; the previous key keeps opening the links made before.
 */
export function secretsManagerSigningKey(
  client: SecretsManagerClient,
  secretId: string,
  now: () => number = Date.now,
): SigningKeySource {
  return cachedSecret(client, secretId, parseSigningKeySecret, now)
}
