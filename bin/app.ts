import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'
import { addMarIntakeStacks } from '../lib/app.ts'
import { assertDeployableCertificate, configContextKey, loadConfig, siteSettingsOf } from '../lib/config.ts'
import { siteAssetsDir, sitePages } from '../web/site.ts'

const app = new App()
const config = loadConfig(app.node.tryGetContext(configContextKey))
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
assertDeployableCertificate(config, env.account)

addMarIntakeStacks(app, { config, env, site: { pages: sitePages(siteSettingsOf(config)), assetsDir: siteAssetsDir } })

Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app))
