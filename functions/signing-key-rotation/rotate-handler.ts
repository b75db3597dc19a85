import { randomBytes } from 'node:crypto'
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import {
  parseSigningKeySecret,
  rotatedSigningKeySecret,
  type SigningKeySecret,
} from '../core/links/signing-key-secret.ts'

/** What Secrets Manager sends a rotation function, once per step. */
export interface RotationEvent {
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret'
  SecretId: string
  ClientRequestToken: string
}

/**
 * The rotation of the link-signing secret (Secrets Manager's four steps). createSecret stages a new version with a
 * fresh current key and the old current key as previous (core/links/signing-key-secret.ts), so links mailed before the
 * rotation keep working until the next one; setSecret has nothing to set (no other system holds the key);
 * testSecret reads the staged version as the functions will; finishSecret makes it AWSCURRENT. Every step may run
 * again: each checks what is there first. The keys never reach a log.
 */
export function createRotationHandler(client: SecretsManagerClient) {
  return async (event: RotationEvent): Promise<void> => {
    const { SecretId, ClientRequestToken: token } = event
    const description = await client.send(new DescribeSecretCommand({ SecretId }))
    if (description.RotationEnabled === false) throw new Error('Rotation is not enabled for this secret')
    const stages = description.VersionIdsToStages?.[token]
    if (stages === undefined) throw new Error('The version to rotate to is not one of the secret’s')
    if (stages.includes('AWSCURRENT')) return
    if (!stages.includes('AWSPENDING')) throw new Error('The version to rotate to is not pending')

    if (event.Step === 'createSecret') {
      if (await pendingExists(client, SecretId, token)) return
      const current = await client.send(new GetSecretValueCommand({ SecretId, VersionStage: 'AWSCURRENT' }))
      const keys = parseSigningKeySecret(current.SecretString ?? '')
      const before: SigningKeySecret = {
        currentKeyId: keys.current.id,
        current: Buffer.from(keys.current.secret).toString('utf8'),
      }
      const next = rotatedSigningKeySecret(before, randomBytes(48).toString('base64url'))
      await client.send(
        new PutSecretValueCommand({
          SecretId,
          ClientRequestToken: token,
          SecretString: JSON.stringify(next),
          VersionStages: ['AWSPENDING'],
        }),
      )
    } else if (event.Step === 'testSecret') {
      const pending = await client.send(
        new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }),
      )
      parseSigningKeySecret(pending.SecretString ?? '')
    } else if (event.Step === 'finishSecret') {
      const currentVersion = Object.entries(description.VersionIdsToStages ?? {}).find(([, versionStages]) =>
        versionStages.includes('AWSCURRENT'),
      )?.[0]
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: token,
          ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }),
        }),
      )
    }
  }
}

async function pendingExists(client: SecretsManagerClient, SecretId: string, token: string): Promise<boolean> {
  try {
    await client.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }))
    return true
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false
    throw error
  }
}
