/**
 * Who has how much (`GET /api/advisor/workload`): a table on the list page for coordinators, and each advisor's load
 * and duty in the case page's assign control.
 */
import { AdvisorId } from '../../../functions/views/advisor/element-ids.ts'
import { byId, el, fill } from '../shared/dom.ts'
import { api } from './api.ts'
import type { AdvisorWorkload, StaffView } from './api-types.ts'
import { copy } from './copy.ts'

export const WORKLOAD_API = '/api/advisor/workload'

/** The workload of every advisor on the roster, or undefined when it cannot be read (the page goes on without it). */
export async function loadWorkload(): Promise<AdvisorWorkload[] | undefined> {
  const result = await api<{ advisors?: unknown }>('GET', WORKLOAD_API)
  const advisors = result.status === 200 ? result.data?.advisors : undefined
  return Array.isArray(advisors) && advisors.every(isWorkload) ? advisors : undefined
}

function isWorkload(value: unknown): value is AdvisorWorkload {
  const load = value as Partial<AdvisorWorkload> | null
  return (
    typeof load === 'object' &&
    load !== null &&
    typeof load.id === 'string' &&
    typeof load.name === 'string' &&
    typeof load.onDuty === 'boolean' &&
    typeof load.open === 'number' &&
    typeof load.overdue === 'number'
  )
}

/** The list page's table: one row per advisor, with their open and overdue cases and whether they are on duty. */
export function renderWorkload(advisors: readonly AdvisorWorkload[]): void {
  const w = copy.workload
  const block = byId(AdvisorId.workloadBlock)
  const rows = byId(AdvisorId.workloadRows)
  if (!block || !rows) return
  rows.replaceChildren(
    ...advisors.map((advisor) =>
      el(
        'tr',
        {},
        el('th', { scope: 'row', className: 'workload-table__cell' }, advisor.name),
        el('td', { className: 'workload-table__cell' }, advisor.onDuty ? w.yes : w.no),
        el('td', { className: 'workload-table__cell' }, String(advisor.open)),
        el('td', { className: 'workload-table__cell' }, String(advisor.overdue)),
      ),
    ),
  )
  block.hidden = advisors.length === 0
}

/** Coordinators see who has how much under the list; others see nothing of it. */
export async function showWorkload(me: StaffView['me'] | undefined): Promise<void> {
  const coordinator = Array.isArray(me?.roles) && me.roles.includes('coordinator')
  const block = byId(AdvisorId.workloadBlock)
  if (!coordinator) {
    if (block) block.hidden = true
    return
  }
  const advisors = await loadWorkload()
  if (advisors) renderWorkload(advisors)
}

/** An assign option's text: "Anouk Verbeek – 3 open, 1 te laat, in dienst". */
export function assignOptionText(name: string, load: AdvisorWorkload | undefined): string {
  if (load === undefined) return name
  const w = copy.workload
  return fill(w.option, {
    name,
    open: load.open,
    overdue: load.overdue,
    duty: load.onDuty ? w.inService : w.offService,
  })
}

/** Adds each advisor's load and duty to the assign control's options. */
async function applyLoad(select: HTMLSelectElement): Promise<void> {
  const advisors = await loadWorkload()
  if (!advisors) return
  const byAdvisor = new Map(advisors.map((advisor) => [advisor.id, advisor]))
  for (const option of select.options) {
    const load = byAdvisor.get(option.value)
    if (load) option.textContent = assignOptionText(load.name, load)
  }
}

let watching: HTMLSelectElement | undefined
let wanted = false

/**
 * Shows the advisors' load in the assign control once the advisor gets to it (it scrolls into view or takes focus),
 * and again after every later render of the case (the options are rebuilt then, and the counts may have moved). A
 * page that never shows the control never reads the workload.
 */
export function showLoadInAssign(): void {
  const select = byId(AdvisorId.assignAdvisor)
  if (!(select instanceof HTMLSelectElement)) return
  if (wanted) {
    void applyLoad(select)
    return
  }
  if (watching === select) return
  watching = select
  const start = () => {
    if (wanted) return
    wanted = true
    observer?.disconnect()
    void applyLoad(select)
  }
  const observer =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => {
          if (entries.some((entry) => entry.isIntersecting)) start()
        })
      : undefined
  observer?.observe(select)
  select.addEventListener('focus', start, { once: true })
}
