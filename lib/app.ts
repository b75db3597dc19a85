import type { App, Environment } from 'aws-cdk-lib'
import type { AppConfig } from './config.ts'
import type { SitePage } from './constructs/public-site.ts'
import { StatefulStack } from './stacks/stateful-stack.ts'
import { StatelessStack } from './stacks/stateless-stack.ts'

export interface MarIntakeStacks {
  stateful: StatefulStack
  stateless: StatelessStack
}

/** The stacks of MAR Intake. bin/app.ts deploys them; the local runtime synthesizes them to run their state machine. */
export function addMarIntakeStacks(
  app: App,
  options: {
    config: AppConfig
    env?: Environment
    site: { pages: readonly SitePage[]; assetsDir: string }
  },
): MarIntakeStacks {
  const { config, env } = options
  const stateful = new StatefulStack(app, 'MarIntakeStateful', {
    env,
    description: 'MAR Intake: case table and key, link-signing key, staff sign-in, mail bucket and key',
    config,
  })
  const stateless = new StatelessStack(app, 'MarIntakeStateless', {
    env,
    description: 'MAR Intake: web intake API, e-mail intake, case workflow and public site',
    config,
    caseTable: stateful.caseTable,
    signingSecret: stateful.signingSecret,
    advisorSignIn: stateful.advisorSignIn,
    mail: { bucket: stateful.mailStore.bucket, key: stateful.mailStore.key },
    site: options.site,
  })
  return { stateful, stateless }
}
