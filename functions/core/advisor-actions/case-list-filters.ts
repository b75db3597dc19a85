/**
 * The workspace list's filters (GET /api/advisor/cases?q&status&assignee&channel&topic&risk): parsed once into where the
 * candidates come from (open cases, closed cases, or the search index) and a list of predicates on the list's rows,
 * each on its own, so a new filter is one more predicate.
 */
import { CASE_STATUSES, type Case } from '../cases/case.ts'
import { TOPICS } from '../cases/web-request.ts'
import { RISKS } from '../deadlines/risk.ts'
import type { Roster } from '../roster/roster.ts'
import { queryTerms } from '../search/search-terms.ts'
import { ValidationError } from '../shared/errors.ts'
import type { FieldProblem } from '../shared/field-problems.ts'

export const CHANNELS = ['web', 'email', 'phone'] as const satisfies ReadonlyArray<Case['channel']>

/** The query as it arrives (each parameter as a string, absent when not sent). */
export interface CaseListFilters {
  q?: string
  status?: string
  assignee?: string
  channel?: string
  topic?: string
  risk?: string
}

/** The longest query: a few words, a name, an address. */
export const MAX_QUERY_LENGTH = 200
/** At most this many cases answer a search (the newest). */
export const MAX_SEARCH_RESULTS = 200

/** What a row must have for the filters to judge it (CaseListEntry has all of it). */
export interface FilterableRow {
  status: string
  assignee: string | null
  channel: string
  topic: string | null
  risk: string
}

export type RowPredicate = (row: FilterableRow) => boolean

/**
 * Where the candidates come from: `search` (the index, open and closed cases alike, when there is a query), `closed`
 * (every closed case still kept, for status=closed) or `open` (every case not closed: the list as it always was).
 */
export type CandidateSource = { kind: 'search'; terms: string[] } | { kind: 'closed' } | { kind: 'open' }

export interface ParsedCaseListFilters {
  source: CandidateSource
  predicates: RowPredicate[]
  /** The names of the filters given (for the audit line: never their values). */
  given: string[]
}

/** Checks every parameter (all problems at once) and turns them into the candidates' source and the predicates. */
export function parseCaseListFilters(
  filters: CaseListFilters,
  context: { actorId: string; roster: Pick<Roster, 'advisors'> },
): ParsedCaseListFilters {
  const problems: FieldProblem[] = []
  const predicates: RowPredicate[] = []
  const given = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name)
    .sort()

  const choice = <T extends string>(
    name: 'status' | 'channel' | 'topic' | 'risk',
    choices: readonly T[],
    rule: FieldProblem['rule'],
  ): T | undefined => {
    const value = filters[name]
    if (value === undefined) return undefined
    if ((choices as readonly string[]).includes(value)) return value as T
    problems.push({ path: name, rule, params: { choices } })
    return undefined
  }
  const status = choice('status', CASE_STATUSES, 'list_status')
  if (status !== undefined) predicates.push((row) => row.status === status)
  const channel = choice('channel', CHANNELS, 'list_channel')
  if (channel !== undefined) predicates.push((row) => row.channel === channel)
  const topic = choice('topic', TOPICS, 'list_topic')
  if (topic !== undefined) predicates.push((row) => row.topic === topic)
  const risk = choice('risk', RISKS, 'choose_one_of')
  if (risk !== undefined) predicates.push((row) => row.risk === risk)

  if (filters.assignee !== undefined) {
    const assignee = filters.assignee === 'me' ? context.actorId : filters.assignee
    if (context.roster.advisors.some((advisor) => advisor.id === assignee)) {
      predicates.push((row) => row.assignee === assignee)
    } else {
      problems.push({ path: 'assignee', rule: 'list_assignee' })
    }
  }

  let terms: string[] = []
  if (filters.q !== undefined) {
    if (filters.q.length > MAX_QUERY_LENGTH) {
      problems.push({ path: 'q', rule: 'search_too_long', params: { max: MAX_QUERY_LENGTH } })
    } else {
      terms = queryTerms(filters.q)
      if (terms.length === 0) problems.push({ path: 'q', rule: 'search_no_terms' })
    }
  }
  if (problems.length > 0) throw new ValidationError(problems)

  const source: CandidateSource =
    filters.q !== undefined ? { kind: 'search', terms } : status === 'closed' ? { kind: 'closed' } : { kind: 'open' }
  return { source, predicates, given }
}
