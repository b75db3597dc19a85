import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { App } from 'aws-cdk-lib'
import { Template } from 'aws-cdk-lib/assertions'
import { addMarIntakeStacks } from '../lib/app.ts'
import type { AppConfig } from '../lib/config.ts'

/** The placeholder that stands for the workflow task function's ARN in the extracted definition. */
export const TASK_FUNCTION_PLACEHOLDER = 'local:function:case-workflow-task'

export interface StateMachineDefinition {
  StartAt: string
  States: Record<string, Record<string, unknown>>
}

/**
 * The case workflow exactly as CDK synthesizes it for AWS: the same app is built (without bundling Lambdas), the
 * state machine's DefinitionString is taken from the template, and its tokens (the task function's ARN) are
 * resolved to a local placeholder. The local runtime executes this, not a copy.
 */
export function synthesizedWorkflowDefinition(config: AppConfig): StateMachineDefinition {
  process.env.CDK_VALIDATION ??= 'false'
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'mar-cdk-')),
    context: { 'aws:cdk:bundling-stacks': [] },
  })
  const { stateless } = addMarIntakeStacks(app, {
    config,
    site: { pages: [], assetsDir: mkdtempSync(join(tmpdir(), 'mar-site-')) },
  })
  const template = Template.fromStack(stateless).toJSON() as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>
  }
  const stateMachines = Object.values(template.Resources).filter(
    (resource) => resource.Type === 'AWS::StepFunctions::StateMachine',
  )
  if (stateMachines.length !== 1)
    throw new Error(`Expected one state machine in the template, found ${stateMachines.length}`)
  const definition = resolveTokens(stateMachines[0]?.Properties.DefinitionString)
  return JSON.parse(definition) as StateMachineDefinition
}

/** Fn::Join of strings and Fn::GetAtt/Ref; every reference to a resource becomes the one local placeholder. */
function resolveTokens(value: unknown): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') {
    const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']
    if (join) return join[1].map(resolveTokens).join(join[0])
    if ('Fn::GetAtt' in value || 'Ref' in value) return TASK_FUNCTION_PLACEHOLDER
  }
  throw new Error(`Cannot resolve ${JSON.stringify(value)} in the state machine definition`)
}
