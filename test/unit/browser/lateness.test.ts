// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaseListEntry } from '../../../functions/core/advisor-actions/advisor-cases.ts'
import { renderCaseDetailPage, renderCaseListPage } from '../../../functions/views/advisor/index.ts'
import { webCase } from './fixtures.ts'
import { json, loadPage, settle } from './page.ts'

const NOW = Date.parse('2026-12-07T10:00:00.000Z')
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const iso = (offset: number) => new Date(NOW + offset).toISOString()

const lateness = () => import('../../../web/src/advisor/lateness.ts')

function entry(fields: Partial<CaseListEntry>): CaseListEntry {
  return {
    reference: 'MAR-7K2P-9QXD',
    status: 'assigned',
    topic: 'question',
    urgency: 'normal',
    channel: 'web',
    assignee: 'adv-01',
    dueAt: iso(3 * DAY),
    clock: 'acknowledge',
    paused: false,
    risk: 'on-time',
    createdAt: iso(-DAY),
    requesterType: 'professional',
    sector: 'education',
    ...fields,
  }
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('Workspace: lateness in words', () => {
  beforeEach(() => loadPage(renderCaseListPage(), '/advisor/'))

  it.each([
    [59_999, 'minder dan een minuut'],
    [MINUTE, '1 minuut'],
    [2 * MINUTE + 59_999, '2 minuten'],
    [59 * MINUTE, '59 minuten'],
    [HOUR, '1 uur'],
    [2 * HOUR + 59 * MINUTE, '2 uur'],
    [DAY - 1, '23 uur'],
    [DAY, '1 dag'],
    [2 * DAY - 1, '1 dag'],
    [2 * DAY, '2 dagen'],
    [-(DAY + HOUR), '1 dag'],
  ])('says %i ms as "%s" (whole units, rounded down)', async (span, text) => {
    const { durationText } = await lateness()
    expect(durationText(span)).toBe(text)
  })

  it.each([
    ['overdue by a day', { risk: 'overdue', dueAt: iso(-DAY - 5 * HOUR) }, 'badge badge--overdue', '1 dag te laat'],
    [
      'overdue at the very deadline',
      { risk: 'overdue', dueAt: iso(0) },
      'badge badge--overdue',
      'minder dan een minuut te laat',
    ],
    [
      'due soon',
      { risk: 'due-soon', dueAt: iso(2 * HOUR + 10 * MINUTE) },
      'badge badge--due-soon',
      'Bijna te laat: nog 2 uur',
    ],
    ['on time', { risk: 'on-time', dueAt: iso(3 * DAY) }, 'deadline__left', 'nog 3 dagen'],
    ['paused', { risk: 'paused', dueAt: null, clock: null, paused: true }, 'badge badge--paused', 'gepauzeerd'],
    ['with no running clock', { risk: 'none', dueAt: null, clock: null }, 'deadline__left', 'geen termijn'],
  ] as const)('shows a case %s as real text a screen reader reads', async (_kind, fields, className, text) => {
    const { riskBadge } = await lateness()
    const badge = riskBadge(entry(fields), NOW)
    expect(badge.className).toBe(className)
    expect(badge.textContent).toBe(text)
  })

  it('shows "nog 2 uur" on a due-soon badge, with "Bijna te laat" for screen readers only', async () => {
    const { riskBadge } = await lateness()
    const badge = riskBadge(entry({ risk: 'due-soon', dueAt: iso(2 * HOUR) }), NOW)
    expect(badge.querySelector('.visually-hidden')?.textContent).toBe('Bijna te laat: ')
    expect(badge.lastChild?.textContent).toBe('nog 2 uur')
  })

  it('fills each row’s deadline cell by the stack’s clock of the answer, not the browser’s', async () => {
    const { renderRows } = await import('../../../web/src/advisor/case-list.ts')
    renderRows(
      [
        entry({ reference: 'MAR-0000-0001', risk: 'overdue', dueAt: iso(-3 * HOUR) }),
        entry({ reference: 'MAR-0000-0002', risk: 'due-soon', dueAt: iso(45 * MINUTE), urgency: 'urgent' }),
      ],
      () => 'Anouk Verbeek',
      NOW,
    )
    const cells = [...document.querySelectorAll('#case-rows td[data-label="Termijn"]')].map((cell) => cell.textContent)
    expect(cells).toEqual([
      expect.stringMatching(/^bevestigen vóór.*3 uur te laat$/),
      expect.stringMatching(/^bevestigen vóór.*Bijna te laat: nog 45 minuten$/),
    ])
  })
})

describe('Workspace: the case page says which clock runs, until when, and whether it is late', () => {
  beforeEach(() => loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD'))

  const deadlines = (running: Record<string, unknown>, states = ['stopped', 'running']) => ({
    deadlines: {
      acknowledge: { dueAt: iso(-2 * DAY), state: states[0] },
      respond: { dueAt: iso(-3 * HOUR), state: states[1] },
      running,
    },
  })

  it('states a late clock plainly, and marks it late once (no "loopt" beside "verstreken")', async () => {
    const { renderCase } = await import('../../../web/src/advisor/case-page.ts')
    const data = webCase({
      status: 'acknowledged',
      ...deadlines({ risk: 'overdue', clock: 'respond', dueAt: iso(-3 * HOUR), remindAt: iso(-DAY) }),
    })
    renderCase({ ...data, now: iso(0) })
    expect(document.getElementById('case-clock')?.textContent).toMatch(
      /^De termijn voor antwoorden liep af op .+: 3 uur te laat\.$/,
    )
    const items = [...document.querySelectorAll('#case-deadlines li')].map((item) => item.textContent ?? '')
    expect(items[0]).toMatch(/gestopt$/)
    expect(items[1]).toMatch(/3 uur te laat$/)
    expect(document.getElementById('case-deadlines')?.textContent).not.toMatch(/loopt|verstreken/)
  })

  it.each([
    [
      'a clock due soon',
      { risk: 'due-soon', clock: 'acknowledge', dueAt: iso(90 * MINUTE), remindAt: iso(-MINUTE) },
      'assigned',
      /^De termijn voor ontvangst bevestigen loopt tot .+: nog 1 uur\. De herinnering is verstuurd\.$/,
    ],
    [
      'a clock on time',
      { risk: 'on-time', clock: 'respond', dueAt: iso(2 * DAY), remindAt: iso(DAY) },
      'acknowledged',
      /^De termijn voor antwoorden loopt tot .+: nog 2 dagen\.$/,
    ],
    [
      'a paused case',
      { risk: 'paused', clock: null, dueAt: null, remindAt: null },
      'acknowledged',
      /^Er loopt nu geen termijn: de melding is gepauzeerd\.$/,
    ],
    [
      'an answered case',
      { risk: 'none', clock: null, dueAt: null, remindAt: null },
      'answered',
      /^Er loopt geen termijn: de melding is beantwoord\.$/,
    ],
    [
      'a closed case',
      { risk: 'none', clock: null, dueAt: null, remindAt: null },
      'closed',
      /^Er loopt geen termijn: de melding is gesloten\.$/,
    ],
  ] as const)('states %s', async (_kind, running, status, statement) => {
    const { renderCase } = await import('../../../web/src/advisor/case-page.ts')
    renderCase({ ...webCase({ status, ...deadlines(running) }), now: iso(0) })
    expect(document.getElementById('case-clock')?.textContent).toMatch(statement)
  })
})

describe('Workspace: who has how much', () => {
  const TOKEN = 'eyJ.workload.sig'
  const WORKLOAD = {
    advisors: [
      { id: 'adv-01', name: 'Anouk Verbeek', onDuty: true, open: 3, overdue: 1 },
      { id: 'adv-02', name: 'Marloes Kuipers', onDuty: false, open: 0, overdue: 0 },
    ],
  }

  function api(roles: string[]) {
    const calls: string[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        calls.push(String(url))
        if (url === '/advisor/config.json') return json(200, { signIn: 'dev' })
        if (url === '/api/advisor/workload') return json(200, WORKLOAD)
        return json(200, { cases: [], now: iso(0), me: { id: 'adv-01', name: 'Anouk Verbeek', roles }, advisors: [] })
      }),
    )
    return calls
  }

  beforeEach(() => {
    loadPage(renderCaseListPage(), '/advisor/')
    sessionStorage.setItem('mar.advisor.token', TOKEN)
  })

  it('shows a coordinator each advisor’s open and overdue cases and whether on duty', async () => {
    api(['advisor', 'coordinator'])
    await import('../../../web/src/advisor/main.ts')
    await settle()
    expect(document.getElementById('workload-block')?.hidden).toBe(false)
    const rows = [...document.querySelectorAll('#workload-rows tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent),
    )
    expect(rows).toEqual([
      ['Anouk Verbeek', 'ja', '3', '1'],
      ['Marloes Kuipers', 'nee', '0', '0'],
    ])
  })

  it('shows an advisor who is no coordinator nothing of it, and does not ask for it', async () => {
    const calls = api(['advisor'])
    await import('../../../web/src/advisor/main.ts')
    await settle()
    expect(document.getElementById('workload-block')?.hidden).toBe(true)
    expect(calls).not.toContain('/api/advisor/workload')
  })

  it('reads the loads for the assign control only once the advisor gets to it, then names them there', async () => {
    loadPage(renderCaseDetailPage(), '/advisor/cases/MAR-7K2P-9QXD')
    sessionStorage.setItem('mar.advisor.token', TOKEN)
    const calls = api(['advisor'])
    const { renderCase } = await import('../../../web/src/advisor/case-page.ts')
    renderCase(webCase())
    await settle()
    expect(calls).toEqual([])
    const select = document.getElementById('assign-advisor') as HTMLSelectElement
    select.dispatchEvent(new Event('focus'))
    await settle()
    expect(calls).toEqual(['/api/advisor/workload'])
    expect([...select.options].map((option) => option.textContent)).toEqual([
      'Anouk Verbeek – 3 open, 1 te laat, in dienst',
      'Marloes Kuipers – 0 open, 0 te laat, niet in dienst',
    ])
  })

  it('names each advisor’s load and duty in the assign control', async () => {
    const { assignOptionText } = await import('../../../web/src/advisor/workload.ts')
    expect(assignOptionText('Anouk Verbeek', WORKLOAD.advisors[0])).toBe('Anouk Verbeek – 3 open, 1 te laat, in dienst')
    expect(assignOptionText('Marloes Kuipers', WORKLOAD.advisors[1])).toBe(
      'Marloes Kuipers – 0 open, 0 te laat, niet in dienst',
    )
  })
})
