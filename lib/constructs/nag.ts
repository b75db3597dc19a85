import { CfnResource, Stack, Validations } from 'aws-cdk-lib'
import type * as iam from 'aws-cdk-lib/aws-iam'
import { rules } from 'cdk-nag'
import type { IConstruct } from 'constructs'

/**
 * Acknowledges the IAM5 findings on a role's default policy that match an expected pattern; any other wildcard
 * stays a finding. (cdk-nag 3 acknowledges exact finding ids only; some embed the region, the account or a
 * reference to the other stack.)
 *
 * The ids are read at validation, after CDK has prepared the app: only then does a reference into the other stack
 * render as it will in the template (its `Fn::GetStackOutput`, with the region when known).
 */
export function acknowledgeExpectedWildcards(role: iam.IRole, expected: Array<{ finding: RegExp; reason: string }>) {
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild
  if (!(policy instanceof CfnResource)) return
  policy.node.addValidation({
    validate: () => {
      const findings = rules.iam.IAMNoWildcardPermissions(policy)
      if (!Array.isArray(findings)) return []
      for (const finding of findings) {
        const match = expected.find((candidate) => candidate.finding.test(finding))
        if (match) Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: match.reason })
      }
      return []
    },
  })
}

/**
 * A regular expression source for how a finding id renders a reference to a resource's `Arn`: `<LogicalId.Arn>` in
 * its own stack, or the other stack's output that publishes it.
 */
export function arnReferencePattern(resource: IConstruct): string {
  const cfn = resource.node.defaultChild
  if (!(cfn instanceof CfnResource)) throw new Error(`${resource.node.path} has no CloudFormation resource`)
  const id = Stack.of(cfn).getLogicalId(cfn)
  return `(?:<${id}\\.Arn>|\\{"Fn::GetStackOutput":\\{.*"OutputName":"PublishOutputFnGetAtt${id}Arn\\w*"\\}\\})`
}

/**
 * Serverless-LambdaDLQ looks for a dead-letter queue, which Lambda uses for asynchronous invocations only: a function
 * invoked otherwise (an API route, a Task, a stream) never sends anything to one. The reason says how its failures
 * are kept instead.
 */
export function acknowledgeNoDeadLetterQueue(fn: IConstruct, reason: string): void {
  Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason })
}
