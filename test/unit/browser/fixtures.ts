import type { AdvisorActionName } from '../../../functions/core/advisor-actions/registry.ts'
import type { CaseResponse } from '../../../web/src/advisor/api-types.ts'

const ME = { id: 'adv-01', name: 'Anouk Verbeek', roles: ['advisor'] }
const ADVISORS = [
  { id: 'adv-01', name: 'Anouk Verbeek' },
  { id: 'adv-02', name: 'Marloes Kuipers' },
]

/** A web case as `GET /api/advisor/cases/{reference}` answers it, with what a test changes. */
export function webCase(
  change: Record<string, unknown> = {},
  allowedActions: readonly AdvisorActionName[] = [
    'acknowledge',
    'replies',
    'notes',
    'assign',
    'pause',
    'close',
    'classify',
  ],
): CaseResponse {
  return {
    case: {
      reference: 'MAR-7K2P-9QXD',
      channel: 'web',
      status: 'assigned',
      urgency: 'normal',
      topic: 'question',
      requesterType: 'professional',
      sector: 'education',
      organisation: 'Lyceum Zuid',
      createdAt: '2026-12-04T15:30:00.000Z',
      consentedAt: '2026-12-04T15:30:00.000Z',
      retainUntil: '2028-12-04T15:30:00.000Z',
      version: 3,
      anonymous: false,
      name: 'Jan de Vries',
      email: 'j.de.vries@school.example.nl',
      description: 'Een leerling deelt filmpjes.',
      signals: [],
      immediateDanger: false,
      language: 'nl',
      assignee: 'adv-01',
      attachments: [],
      followUpBox: false,
      breaches: [],
      messages: [],
      events: [{ id: 'e1', at: '2026-12-04T15:30:00.000Z', type: 'received' }],
      deadlines: {
        acknowledge: { dueAt: '2026-12-07T10:30:00.000Z', state: 'running' },
        respond: { dueAt: '2026-12-11T10:30:00.000Z', state: 'running' },
      },
      ...change,
    } as unknown as CaseResponse['case'],
    allowedActions,
    me: ME,
    advisors: ADVISORS,
  }
}

/** A mail case as the workspace reads it. */
export function mailCase(mail: Record<string, unknown>, change: Record<string, unknown> = {}): CaseResponse {
  const {
    organisation: _o,
    name: _n,
    email: _e,
    description: _d,
    ...rest
  } = webCase().case as unknown as Record<string, unknown>
  return webCase({
    ...rest,
    channel: 'email',
    topic: undefined,
    mail: {
      from: { address: 'burger@example.nl', name: 'Een Burger' },
      to: [{ address: 'mar_bsd@rotterdam.nl' }],
      cc: [],
      subject: 'Zorgen',
      text: 'Hallo',
      attachments: [],
      verdicts: {},
      ...mail,
    },
    ...change,
  })
}
