import type { Decision } from './evaluate.ts'
import type { FunctionInfo } from './functions.ts'

/** Grants the Lambda service uses on a function's behalf (logs, traces, the stream, failure queues): not the code's. */
const SERVICE_SIDE = /^(logs|xray|sqs):|^dynamodb:(ListStreams|DescribeStream|GetRecords|GetShardIterator)$/

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  )
const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]

/**
 * What each function's role grants that the run never used, as `function: action on partition pattern` (DynamoDB
 * statements with `dynamodb:LeadingKeys`) or `function: action on resource`: candidates for a tighter role, or a
 * path the scenario does not drive yet. A list, not a failure.
 */
export function unexercisedGrants(functions: FunctionInfo[], allowed: Array<Decision & { fn: string }>): string[] {
  const lines: string[] = []
  for (const fn of functions) {
    const used = allowed.filter((decision) => decision.fn === fn.name).map((decision) => decision.request)
    for (const { policy } of fn.identityPolicies) {
      for (const statement of policy.Statement) {
        if (statement.Effect !== 'Allow') continue
        const patterns = list(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'])
        for (const action of list(statement.Action)) {
          if (SERVICE_SIDE.test(action) || action.includes('*')) continue
          const resources = list(statement.Resource)
          const onResource = (resource: string) => resources.some((pattern) => glob(pattern).test(resource))
          if (patterns.length > 0) {
            for (const pattern of patterns) {
              const exercised = used.some(
                (request) =>
                  request.action === action &&
                  onResource(request.resource) &&
                  list(request.context['dynamodb:LeadingKeys']).some((key) => glob(pattern).test(key)),
              )
              if (!exercised) lines.push(`${fn.name}: ${action} on ${pattern}`)
            }
          } else {
            for (const resource of resources) {
              const exercised = used.some(
                (request) => request.action === action && glob(resource).test(request.resource),
              )
              if (!exercised) lines.push(`${fn.name}: ${action} on ${resource}`)
            }
          }
        }
      }
    }
  }
  return lines
}
