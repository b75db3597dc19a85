import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { secretsManagerSearchKey } from '../../adapters/search-key.ts'
import type { PlatformWith } from '../platform.ts'

/** The search index's key, from Secrets Manager: the functions that file text or search. */
export function awsSearchKey(environment: { SEARCH_SECRET_ARN: string }): PlatformWith<'searchKey'> {
  return { searchKey: secretsManagerSearchKey(new SecretsManagerClient({}), environment.SEARCH_SECRET_ARN) }
}
