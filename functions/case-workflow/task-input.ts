import * as z from 'zod/mini'
import { REFERENCE_PATTERN } from '../core/cases/reference.ts'

const reference = z.string().check(z.regex(REFERENCE_PATTERN))
const done = z.array(z.string().check(z.maxLength(100))).check(z.maxLength(200))
const step = z.strictObject({
  id: z.string().check(z.maxLength(100)),
  kind: z.enum([
    'reminder',
    'breach',
    'escalation',
    'assign',
    'resume',
    'flood-summary',
    'handover',
    'advisor-reminder',
  ]),
  clock: z.optional(z.enum(['acknowledge', 'respond'])),
  at: z.iso.datetime(),
})

/**
 * What the state machine hands each task (see lib/constructs/case-workflow.ts). The state machine is ours, but its
 * input crosses a trust boundary all the same: it is parsed, strictly, by this one schema.
 */
export const workflowTaskSchema = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('route'), reference }),
  z.strictObject({ task: z.literal('deliver'), reference, done }),
  z.strictObject({ task: z.literal('plan'), reference, done }),
  z.strictObject({ task: z.literal('run-step'), reference, done, next: step }),
  z.strictObject({
    task: z.literal('record-failure'),
    reference,
    done,
    stage: z.enum(['route', 'deliver', 'plan', 'run-step']),
    error: z.string().check(z.maxLength(200)),
  }),
])

export type WorkflowTask = z.infer<typeof workflowTaskSchema>
