import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager'

/** How long a container keeps a value it read: a new value (a rotation, a redeploy) reaches every container within it. */
export const SECRET_TTL_MS = 15 * 60 * 1000

/**
 * A secret from Secrets Manager, read at the first use and again once SECRET_TTL_MS has passed; a failed read is not
 * kept, so the next use tries again. Never in the template or the environment in clear: anyone allowed
 * lambda:GetFunctionConfiguration would read it there.
 */
export function cachedSecret<T>(
  client: SecretsManagerClient,
  secretId: string,
  parse: (secretString: string) => T,
  now: () => number = Date.now,
): () => Promise<T> {
  let value: Promise<T> | undefined
  let readAt = 0
  return () => {
    if (value === undefined || now() - readAt >= SECRET_TTL_MS) {
      readAt = now()
      value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((result) => {
        if (!result.SecretString) throw new Error('The secret has no value')
        return parse(result.SecretString)
      })
      value.catch(() => {
        value = undefined
      })
    }
    return value
  }
}
