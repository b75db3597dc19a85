import { createRequire } from 'node:module'
import { Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { CASE_STREAM_FILTER } from '../../local/dynamo-stream.ts'
import { buildApp, cdkConfig, onlyResource, resolveValue } from './app.ts'

process.env.CDK_VALIDATION = 'false'

// asl-validator (Apache-2.0) is CommonJS without types.
const require = createRequire(import.meta.url)
const aslValidator = require('asl-validator') as (definition: unknown) => {
  isValid: boolean
  errorsText: (separator?: string) => string
}

let template: Template
let definition: { StartAt: string; States: Record<string, Record<string, unknown>> }

beforeAll(() => {
  template = Template.fromStack(buildApp(cdkConfig).stateless)
  const [, stateMachine] = onlyResource(template, 'AWS::StepFunctions::StateMachine', 'CaseWorkflowStateMachine')
  // The definition's intrinsic references resolved as CloudFormation would: the partition, and the task function's ARN.
  const text = resolveValue(stateMachine.Properties.DefinitionString)
    .replaceAll('<AWS::Partition>', 'aws')
    .replaceAll(/<[\w]+\.Arn>/g, 'arn:aws:lambda:eu-west-1:111111111111:function:MarIntakeStateless-task')
  definition = JSON.parse(text)
})

describe('Case workflow: the synthesized state machine', () => {
  it('is valid Amazon States Language (asl-validator)', () => {
    const result = aslValidator(definition)

    expect(result.errorsText('\n')).toBe('')
    expect(result.isValid).toBe(true)
  })

  it('would be refused by the validator if a state led nowhere (the check can fail)', () => {
    const [first] = Object.keys(definition.States)
    const broken = structuredClone(definition)
    ;(broken.States[first as string] as Record<string, unknown>).Next = 'NoSuchState'

    expect(aslValidator(broken).isValid).toBe(false)
  })
})

describe('Case workflow: the local stream filters as the event source mapping does', () => {
  it("uses the synthesized mapping's filter", () => {
    const [, mapping] = onlyResource(template, 'AWS::Lambda::EventSourceMapping', 'CaseStreamReaderFunction')
    const filters = mapping.Properties.FilterCriteria.Filters as Array<{ Pattern: string }>

    expect(filters.map((filter) => JSON.parse(filter.Pattern))).toEqual([CASE_STREAM_FILTER])
  })
})
