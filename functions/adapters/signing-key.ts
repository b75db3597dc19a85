import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import type { SigningKeySource } from '../core/ports.ts'

/**
 * The action-link signing key from Secrets Manager, read once per container. Never in the template or the
 * environment in clear: the function gets the secret's ARN and reads the value at run time.
 */
export function secretsManagerSigningKey(client: SecretsManagerClient, secretId: string): SigningKeySource {
  let key: Promise<Uint8Array> | undefined
  return () => {
    key ??= client.send(new GetSecretValueCommand({ SecretId: secretId })).then((result) => {
      if (!result.SecretString || result.SecretString.length < 32)
        throw new Error('The signing secret is missing or too short')
      return Buffer.from(result.SecretString, 'utf8')
    })
    key.catch(() => {
      key = undefined
    })
    return key
  }
}
