/**
 * Reply templates: standard texts an advisor starts an answer from, in Dutch and English. Every advisor reads them;
 * coordinators write and delete them. A template is the start of a reply, so its text follows the reply's rules; it
 * carries no greeting or signature (the system signs every answer: core/advisor-actions/reply.ts).
 */
import * as z from 'zod/mini'
import { advisorText, oneOf, parseBody } from '../advisor-actions/advisor-action.ts'
import type { Clock } from '../ports/clock.ts'
import type { ReplyTemplateStore, RosterRepository } from '../ports/stores.ts'
import { type ActingAdvisor, rosterMember } from '../roster/staff.ts'
import { CaseStateConflictError, ForbiddenError, TemplateNotFoundError, ValidationError } from '../shared/errors.ts'
import { textProblem } from '../shared/text-rules.ts'
import { type ReplyTemplate, TEMPLATE_LANGUAGES } from './reply-template.ts'

export const TEMPLATE_ID_MAX_LENGTH = 64
export const TEMPLATE_TITLE_MAX_LENGTH = 100
/** How many templates MAR keeps: a list an advisor can still choose from. */
export const MAX_TEMPLATES = 100

/** A slug: lower-case letters, digits and inner hyphens (`welkom`, `doorverwijzing-en`). Ids appear in logs. */
const TEMPLATE_ID = new RegExp(`^[a-z0-9](?:[a-z0-9-]{0,${TEMPLATE_ID_MAX_LENGTH - 2}}[a-z0-9])?$`)

export type { ReplyTemplate }

export interface ReplyTemplateDependencies {
  replyTemplates: ReplyTemplateStore
  /** The templates MAR starts with (functions/views/advisor/starter-templates.ts): shown until the set is written. */
  starterTemplates: readonly ReplyTemplate[]
  rosters: RosterRepository
  clock: Clock
}

const title = z.string('template_title_required').check(
  z.superRefine((value, context) => {
    const problem =
      value.trim() === '' ? 'too_short' : textProblem(value, { multiline: false, maxLength: TEMPLATE_TITLE_MAX_LENGTH })
    if (problem === undefined) return
    const rule =
      problem === 'too_short'
        ? 'template_title_required'
        : problem === 'too_long'
          ? 'template_title_too_long'
          : 'template_title_invalid'
    context.issues.push({ code: 'custom', message: rule, params: { max: TEMPLATE_TITLE_MAX_LENGTH }, input: value })
  }),
)

/** The body of `PUT /api/advisor/templates/{id}`: `language` defaults to Dutch. */
const TEMPLATE_FIELDS = {
  title,
  text: advisorText,
  language: z.optional(oneOf(TEMPLATE_LANGUAGES, 'template_language')),
}

function checkedId(id: string): string {
  if (!TEMPLATE_ID.test(id)) {
    throw new ValidationError([{ path: 'id', rule: 'template_id_format', params: { max: TEMPLATE_ID_MAX_LENGTH } }])
  }
  return id
}

const byLanguageThenTitle = (a: ReplyTemplate, b: ReplyTemplate) =>
  TEMPLATE_LANGUAGES.indexOf(a.language) - TEMPLATE_LANGUAGES.indexOf(b.language) ||
  a.title.localeCompare(b.title, 'nl') ||
  a.id.localeCompare(b.id)

/** Use case: every template, Dutch first, then by title. Any advisor on the roster. */
export async function listReplyTemplates(
  actor: ActingAdvisor,
  deps: ReplyTemplateDependencies,
): Promise<{ templates: ReplyTemplate[] }> {
  await rosterMember(actor, deps)
  const stored = await deps.replyTemplates.list()
  return { templates: [...(stored ?? deps.starterTemplates)].sort(byLanguageThenTitle) }
}

/** Coordinators only (403 for everyone else), and only while on the roster. */
async function coordinator(actor: ActingAdvisor, deps: ReplyTemplateDependencies) {
  await rosterMember(actor, deps)
  if (!actor.roles.includes('coordinator')) throw new ForbiddenError()
}

/** The stored set, written first from the starters when nobody wrote it yet (so a change keeps the others). */
async function writtenSet(deps: ReplyTemplateDependencies): Promise<ReplyTemplate[]> {
  const stored = await deps.replyTemplates.list()
  if (stored !== undefined) return stored
  await deps.replyTemplates.seed(deps.starterTemplates)
  return (await deps.replyTemplates.list()) ?? [...deps.starterTemplates]
}

/** Use case: a coordinator writes a template (new or replacing the one with its id). */
export async function saveReplyTemplate(
  id: string,
  body: unknown,
  actor: ActingAdvisor,
  deps: ReplyTemplateDependencies,
): Promise<{ template: ReplyTemplate; created: boolean }> {
  await coordinator(actor, deps)
  const problems: ValidationError['problems'][number][] = []
  let input: z.output<z.ZodMiniObject<typeof TEMPLATE_FIELDS>> | undefined
  try {
    checkedId(id)
  } catch (error) {
    if (error instanceof ValidationError) problems.push(...error.problems)
    else throw error
  }
  try {
    input = parseBody(TEMPLATE_FIELDS, body)
  } catch (error) {
    if (error instanceof ValidationError) problems.push(...error.problems)
    else throw error
  }
  if (problems.length > 0 || input === undefined) throw new ValidationError(problems)
  const existing = await writtenSet(deps)
  const created = !existing.some((template) => template.id === id)
  if (created && existing.length >= MAX_TEMPLATES) throw new CaseStateConflictError('too_many_templates')
  const template: ReplyTemplate = {
    id,
    language: input.language ?? 'nl',
    title: input.title,
    text: input.text,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: actor.id,
  }
  await deps.replyTemplates.put(template)
  return { template, created }
}

/** Use case: a coordinator deletes a template; 404 when there is none with the id. */
export async function deleteReplyTemplate(
  id: string,
  actor: ActingAdvisor,
  deps: ReplyTemplateDependencies,
): Promise<{ id: string; deleted: true }> {
  await coordinator(actor, deps)
  checkedId(id)
  const existing = await writtenSet(deps)
  if (!existing.some((template) => template.id === id)) throw new TemplateNotFoundError()
  if (!(await deps.replyTemplates.delete(id))) throw new TemplateNotFoundError()
  return { id, deleted: true }
}
