/**
 * The stacks' names. Fixed: the stateful stack's key policies name the stateless stack's roles by this prefix
 * (CloudFormation names them `<stack name>-<logical id>-<suffix>`), which a reference would make a cycle.
 */
export const STACK_NAMES = {
  stateful: 'MarIntakeStateful',
  stateless: 'MarIntakeStateless',
  /** us-east-1: the CloudFront-scope web ACL (lib/stacks/edge-stack.ts). */
  edge: 'MarIntakeEdge',
} as const
