import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { parseSigningKeySecret } from '../../../functions/core/links/signing-key-secret.ts'
import { createRotationHandler } from '../../../functions/signing-key-rotation/rotate-handler.ts'

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ActionLinkSigningKey'
const CURRENT = JSON.stringify({ currentKeyId: 'k1', current: 'c'.repeat(64) })
const secretsManager = mockClient(SecretsManagerClient)
const rotate = createRotationHandler(new SecretsManagerClient({}))
const step = (Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret') =>
  rotate({ Step, SecretId: SECRET_ID, ClientRequestToken: 'v2' })

describe('Function: rotate the link-signing secret', () => {
  beforeEach(() => {
    secretsManager.reset()
    secretsManager.on(DescribeSecretCommand).resolves({
      RotationEnabled: true,
      VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] },
    })
  })

  it('creates a pending version with a new current key and the old one as previous', async () => {
    // Arrange
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionId: 'v2', VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }))
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: CURRENT })

    // Act
    await step('createSecret')

    // Assert
    const [put] = secretsManager.commandCalls(PutSecretValueCommand)
    expect(put?.args[0].input).toMatchObject({
      SecretId: SECRET_ID,
      ClientRequestToken: 'v2',
      VersionStages: ['AWSPENDING'],
    })
    const staged = JSON.parse(put?.args[0].input.SecretString ?? '{}')
    expect(staged).toMatchObject({ currentKeyId: 'k2', previousKeyId: 'k1', previous: 'c'.repeat(64) })
    expect(staged.current).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(parseSigningKeySecret(put?.args[0].input.SecretString ?? '').current.id).toBe('k2')
  })

  it('rotates a bare key of the first version into the JSON: a new k1, the old key kept as k0', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionId: 'v2', VersionStage: 'AWSPENDING' })
      .rejects(new ResourceNotFoundException({ message: 'none', $metadata: {} }))
    secretsManager
      .on(GetSecretValueCommand, { SecretId: SECRET_ID, VersionStage: 'AWSCURRENT' })
      .resolves({ SecretString: 'b'.repeat(64) })
    await step('createSecret')
    const staged = JSON.parse(secretsManager.commandCalls(PutSecretValueCommand)[0]?.args[0].input.SecretString ?? '{}')
    expect(staged).toMatchObject({ currentKeyId: 'k1', previousKeyId: 'k0', previous: 'b'.repeat(64) })
  })

  it('creates nothing when the pending version exists already (a retried step)', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: CURRENT })
    await step('createSecret')
    expect(secretsManager.commandCalls(PutSecretValueCommand)).toEqual([])
  })

  it('tests the pending version as the functions read it', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ currentKeyId: 'k2', current: 'x' }) })
    await expect(step('testSecret')).rejects.toThrow('A signing key is missing or too short')
  })

  it('makes the pending version current, taking the stage from the old one', async () => {
    await step('finishSecret')
    expect(secretsManager.commandCalls(UpdateSecretVersionStageCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ID, VersionStage: 'AWSCURRENT', MoveToVersionId: 'v2', RemoveFromVersionId: 'v1' },
    ])
  })

  it('does nothing for a version that is current already, and refuses one that is not pending', async () => {
    secretsManager
      .on(DescribeSecretCommand)
      .resolves({ RotationEnabled: true, VersionIdsToStages: { v2: ['AWSCURRENT'] } })
    await step('finishSecret')
    expect(secretsManager.commandCalls(UpdateSecretVersionStageCommand)).toEqual([])
    secretsManager.on(DescribeSecretCommand).resolves({ RotationEnabled: true, VersionIdsToStages: { v2: [] } })
    await expect(step('createSecret')).rejects.toThrow('The version to rotate to is not pending')
  })
})
