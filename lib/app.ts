import { type App, type Environment, Token } from 'aws-cdk-lib'
import type { AppConfig } from './config.ts'
import type { SitePage } from './constructs/public-site.ts'
import { STACK_NAMES } from './stack-names.ts'
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.ts'
import { StatefulStack } from './stacks/stateful-stack.ts'
import { StatelessStack } from './stacks/stateless-stack.ts'

export interface MarIntakeStacks {
  stateful: StatefulStack
  stateless: StatelessStack
  /** The web ACL in us-east-1; none in an env-agnostic synth (the local runtime's), which cannot refer to it. */
  edge?: EdgeStack
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
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    env,
    description: 'MAR Intake: case table and key, link-signing key, staff sign-in, mail bucket and key',
    config,
  })
  // CloudFront takes a web ACL from us-east-1 only: a stack of its own there, referred to across regions (CDK writes
  // the reference to SSM in the stateless stack's region). That needs the deploy region, which `cdk synth` sets.
  const region = env?.region
  const edge =
    region === undefined || Token.isUnresolved(region)
      ? undefined
      : new EdgeStack(app, STACK_NAMES.edge, {
          env: { ...env, region: EDGE_REGION },
          description: 'MAR Intake: the web ACL of the CloudFront distribution (us-east-1, as CloudFront requires)',
          config,
          crossRegionReferences: region !== EDGE_REGION,
        })
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    env,
    crossRegionReferences: edge !== undefined && region !== EDGE_REGION,
    ...(edge === undefined ? {} : { webAclArn: edge.webAcl.attrArn, throttledPage: edge.throttledPage }),
    description: 'MAR Intake: web intake API, e-mail intake, case workflow and public site',
    config,
    caseTable: stateful.caseTable,
    signingSecret: stateful.signingSecret,
    searchSecret: stateful.searchSecret,
    advisorSignIn: stateful.advisorSignIn,
    mail: { bucket: stateful.mailStore.bucket, key: stateful.mailStore.key },
    site: options.site,
  })
  return { stateful, stateless, ...(edge === undefined ? {} : { edge }) }
}
