import { readFileSync } from 'node:fs'
import { ACMClient } from '@aws-sdk/client-acm'
import { CloudFormationClient } from '@aws-sdk/client-cloudformation'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { IAMClient } from '@aws-sdk/client-iam'
import { LambdaClient } from '@aws-sdk/client-lambda'
import { SESClient } from '@aws-sdk/client-ses'
import { SESv2Client } from '@aws-sdk/client-sesv2'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { configContextKey, loadConfig } from '../../lib/config.ts'
import { EDGE_REGION } from '../../lib/stacks/edge-stack.ts'
import { formatTable, runPreflight } from './checks.ts'

/**
 * `npm run preflight`: with the operator's AWS credentials (read-only calls only), what the first `cdk deploy --all`
 * needs in the target account and region, as a table of pass/fail with the fix. The region: CDK_DEFAULT_REGION,
 * AWS_REGION or the profile's.
 */
async function main(): Promise<number> {
  const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context
  const config = loadConfig(context[configContextKey])
  const region = process.env.CDK_DEFAULT_REGION ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION
  if (!region) {
    console.error('preflight: set the deploy region (AWS_REGION or CDK_DEFAULT_REGION), e.g. AWS_REGION=eu-west-1')
    return 2
  }
  const { Account } = await new STSClient({ region }).send(new GetCallerIdentityCommand({}))
  const account = String(Account)
  console.log(`preflight for account ${account}, region ${region} (and ${EDGE_REGION} for the edge stack)\n`)
  const results = await runPreflight({
    config,
    region,
    account,
    clients: {
      cloudFormation: {
        deploy: new CloudFormationClient({ region }),
        edge: new CloudFormationClient({ region: EDGE_REGION }),
      },
      lambda: new LambdaClient({ region }),
      acm: new ACMClient({ region: EDGE_REGION }),
      sesv2: new SESv2Client({ region }),
      ses: new SESClient({ region }),
      cognito: new CognitoIdentityProviderClient({ region }),
      iam: new IAMClient({ region }),
    },
  })
  console.log(formatTable(results))
  return results.every((result) => result.pass) ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`preflight: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
    process.exit(2)
  },
)
