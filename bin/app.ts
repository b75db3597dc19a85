import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { configContextKey, loadConfig } from '../lib/config.ts'
import { StatefulStack } from '../lib/stacks/stateful-stack.ts'
import { StatelessStack } from '../lib/stacks/stateless-stack.ts'
import { siteAssetsDir, sitePages } from '../web/site.ts'

const app = new App()
const config = loadConfig(app.node.tryGetContext(configContextKey))
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }

const stateful = new StatefulStack(app, 'MarIntakeStateful', { env, description: 'MAR Intake: case table and key' })
new StatelessStack(app, 'MarIntakeStateless', {
  env,
  description: 'MAR Intake: web intake API and public site',
  config,
  caseTable: stateful.caseTable,
  site: { pages: sitePages(), assetsDir: siteAssetsDir },
})

Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
