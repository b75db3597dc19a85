import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SearchKeySource } from '../core/ports/stores.ts'
import { parseSearchKeySecret } from '../core/search/search-terms.ts'
import { cachedSecret } from './cached-secret.ts'

/** The search index's key from Secrets Manager (core/search/search-terms.ts), read at first use (cached-secret.ts). */
export function secretsManagerSearchKey(client: SecretsManagerClient, secretId: string): SearchKeySource {
  return cachedSecret(client, secretId, parseSearchKeySecret)
}
