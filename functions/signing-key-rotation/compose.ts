import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { createRotationHandler } from './rotate-handler.ts'

/**
 * The link-signing secret's rotation (rotate.ts). Only in AWS: locally the key is a file (local/signing-key-file.ts)
 * and nothing rotates it.
 */
export function composeSigningKeyRotation(platform: { secretsManager: SecretsManagerClient }) {
  return createRotationHandler(platform.secretsManager)
}
