import { describe, expect, it } from 'vitest'
import { submitWebRequest } from '../../../../functions/core/cases/submit-web-request.ts'
import { planFor } from '../../../../functions/core/deadlines/case-workflow.ts'
import { planNextStep, runStep } from '../../../../functions/core/deadlines/deadline-steps.ts'
import type { MailKind, OutboxEntry } from '../../../../functions/core/mail/mail.ts'
import { routeCase } from '../../../../functions/core/roster/route-case.ts'
import { formatMoment } from '../../../../functions/views/mail/notifications.ts'
import {
  exampleRoster,
  TIME_ZONE,
  type WorkflowTestbed,
  workflowDependencies,
} from '../../../fakes/workflow-dependencies.ts'

/** Distinct, unmistakable values in every field where the requester can write what they like. */
const SENTINEL = {
  name: 'Sentinel-Naam-Q7X',
  organisation: 'Sentinel-Organisatie-K2W',
  email: 'sentinel.adres.p9v@sentinel-domein-h3z.example',
  phone: '+31 6 9988 7766',
  descriptionFirstLine: 'Sentinel-Beschrijving-M4R',
  descriptionSecondLine: 'Sentinel-Tweede-Regel-T8J',
} as const

/** Every form in which a sentinel could turn up in a mail (phone digits without spaces, the address in parts). */
const FORBIDDEN: Record<string, string> = {
  name: SENTINEL.name,
  organisation: SENTINEL.organisation,
  email: SENTINEL.email,
  'email (local part)': 'sentinel.adres.p9v',
  'email (domain)': 'sentinel-domein-h3z',
  phone: SENTINEL.phone,
  'phone (digits)': '31699887766',
  'phone (subscriber digits)': '99887766',
  'description (first line)': SENTINEL.descriptionFirstLine,
  'description (second line)': SENTINEL.descriptionSecondLine,
  // Choices, not free text, but special-category data all the same: they stay in MAR Intake.
  ideology: 'jihadism',
  'signal (glorifying violence)': 'glorifying-violence',
  'signal (family break)': 'family-break',
}

function sentinelRequest(immediateDanger: boolean) {
  return {
    requesterType: 'professional',
    sector: 'care',
    organisation: SENTINEL.organisation,
    topic: 'case',
    anonymous: false,
    name: SENTINEL.name,
    email: SENTINEL.email,
    phone: SENTINEL.phone,
    description: `${SENTINEL.descriptionFirstLine}: mijn cliënt deelt gewelddadige filmpjes.\r\n${SENTINEL.descriptionSecondLine}`,
    signals: ['glorifying-violence', 'family-break'],
    ideology: 'jihadism',
    immediateDanger,
    language: 'nl',
    consent: true,
  }
}

/** January 2027 (CET): Monday 10:00 adv-01 primary, adv-03 backup; Sunday 23:00 nobody on duty. */
const MONDAY_10_00 = '2027-01-11T09:00:00.000Z'
const SUNDAY_23_00 = '2027-01-10T22:00:00.000Z'

/** `last` is the last byte of the reference draw, so every case has its own reference (MAR-0000-000<last>). */
async function submitted(now: string, immediateDanger: boolean, last: number) {
  const testbed = workflowDependencies({ now, randomBytes: [0, 0, 0, 0, last] })
  const outcome = await submitWebRequest(
    sentinelRequest(immediateDanger),
    {},
    { ...testbed.deps, caseRetentionDays: 730 },
  )
  if (outcome.kind !== 'accepted') throw new Error('the sentinel request was not accepted')
  return { testbed, reference: outcome.reference }
}

/** Runs every rung of the deadline ladder at its moment, as the workflow would if nobody ever acknowledged. */
async function runLadder(testbed: WorkflowTestbed, reference: string) {
  const done: string[] = []
  for (
    let next = await planNextStep(reference, done, testbed.deps);
    next;
    next = await planNextStep(reference, done, testbed.deps)
  ) {
    done.push(next.id)
    if (next.kind === 'assign') continue
    testbed.clock.set(next.at)
    await runStep(reference, next, testbed.deps)
  }
}

/** Every path that mails advisors, run for requests with sentinels in every field. */
async function allMail() {
  // A case in working hours: assignment, then reminder, breach and escalation of both clocks
  const normal = await submitted(MONDAY_10_00, false, 1)
  await routeCase(normal.reference, normal.testbed.deps)
  await runLadder(normal.testbed, normal.reference)
  // An urgent case in working hours: assignment and urgent alerts
  const urgent = await submitted(MONDAY_10_00, true, 2)
  await routeCase(urgent.reference, urgent.testbed.deps)
  // A case on Sunday night: alerts to the coordinators, and its ladder with nobody assigned
  const night = await submitted(SUNDAY_23_00, false, 3)
  await routeCase(night.reference, night.testbed.deps)
  await runLadder(night.testbed, night.reference)

  const runs = [normal, urgent, night]
  const mails = runs.flatMap(({ testbed, reference }) => testbed.outbox.entries(reference))
  const stored = await Promise.all(runs.map(({ testbed, reference }) => testbed.cases.getCase(reference)))
  return { mails, stored: stored.flatMap((found) => (found ? [found] : [])) }
}

/** Each place a forbidden value turns up in a mail: `<mail id> <where>: <what>`. */
function leaks(mail: OutboxEntry, parts: Array<'subject' | 'text' | 'html' | 'links'>): string[] {
  const found: string[] = []
  for (const part of parts) {
    const content = (part === 'links' ? decodedActionTokens(mail.text) : mail[part]).toLowerCase()
    for (const [what, value] of Object.entries(FORBIDDEN)) {
      if (content.includes(value.toLowerCase())) found.push(`${mail.id} ${part}: ${what}`)
    }
  }
  return found
}

/** The payloads of the one-click links in a mail, decoded (they are base64url, so a plain search would miss them). */
function decodedActionTokens(text: string): string {
  const payloads = [...text.matchAll(/\/actions\/v1\.([A-Za-z0-9_-]+)\./g)].map((match) => match[1] ?? '')
  return payloads.map((payload) => Buffer.from(payload, 'base64url').toString('utf8')).join('\n')
}

const ADVISOR_KINDS: MailKind[] = [
  'assignment',
  'urgent-alert',
  'unassigned-alert',
  'reminder',
  'breach-alert',
  'escalation',
]

describe('Privacy: the leak check itself', () => {
  it('finds a sentinel in the subject, the text, the html and a link payload, whatever its case', () => {
    // Arrange
    const payload = Buffer.from(JSON.stringify({ r: 'MAR-0000-0001', a: SENTINEL.name })).toString('base64url')
    const planted: OutboxEntry = {
      id: 'planted',
      kind: 'assignment',
      to: ['a.verbeek@example.org'],
      subject: `Over ${SENTINEL.organisation.toUpperCase()}`,
      text: `Bel 0031 6 99887766. https://mar.example.nl/actions/v1.${payload}.signature`,
      html: `<p>${SENTINEL.descriptionSecondLine}</p>`,
      reference: 'MAR-0000-0001',
      queuedAt: MONDAY_10_00,
      status: 'pending',
    }

    // Act
    const found = leaks(planted, ['subject', 'text', 'html', 'links'])

    // Assert
    expect(found).toEqual([
      'planted subject: organisation',
      'planted text: phone (subscriber digits)',
      'planted html: description (second line)',
      'planted links: name',
    ])
  })
})

describe('Privacy: what advisor mail may say about a case', () => {
  it('runs every path that mails advisors (so the checks below cover each kind)', async () => {
    // Act
    const { mails } = await allMail()

    // Assert
    expect(new Set(mails.map((mail) => mail.kind))).toEqual(new Set([...ADVISOR_KINDS, 'requester-acknowledgement']))
  })

  it('never carries a name, address, phone number, organisation, description, signal or ideology', async () => {
    // Act
    const { mails } = await allMail()

    // Assert
    const advisorMail = mails.filter((mail) => mail.kind !== 'requester-acknowledgement')
    expect(advisorMail.length).toBeGreaterThan(10)
    expect(advisorMail.flatMap((mail) => leaks(mail, ['subject', 'text', 'html', 'links']))).toEqual([])
  })

  it('is never addressed or copied to the requester', async () => {
    // Act
    const { mails } = await allMail()

    // Assert
    const advisorMail = mails.filter((mail) => mail.kind !== 'requester-acknowledgement')
    const recipients = advisorMail.flatMap((mail) => [...mail.to, ...(mail.cc ?? [])])
    expect(recipients.filter((address) => address.toLowerCase().includes('sentinel'))).toEqual([])
    const advisors = new Set(exampleRoster().advisors.map((advisor) => advisor.email))
    expect(recipients.filter((address) => !advisors.has(address))).toEqual([])
  })

  it('states the reference, topic, urgency, sector, channel and the deadline it is about', async () => {
    // Act
    const { mails, stored } = await allMail()

    // Assert
    const advisorMail = mails.filter((mail) => mail.kind !== 'requester-acknowledgement')
    for (const mail of advisorMail) {
      const source = stored.find((candidate) => candidate.reference === mail.reference)
      if (source === undefined) throw new Error(`no case for ${mail.reference}`)
      const plan = planFor(source, {
        calendar: workflowDependencies().deps.calendar,
        windows: workflowDependencies().deps.windows,
      })
      const deadline = mail.id.includes(':respond:') ? plan.respondBy : plan.acknowledgeBy
      const urgency = source.urgency === 'urgent' ? 'urgent (acuut gevaar gemeld)' : 'normaal'
      expect(mail.subject, mail.id).toContain(`[${mail.reference}]`)
      for (const line of [
        `Zaaknummer: ${mail.reference}`,
        'Onderwerp: zorg over een persoon',
        `Urgentie: ${urgency}`,
        'Sector: zorg',
        'Kanaal: webformulier',
      ]) {
        expect(mail.text, mail.id).toContain(line)
      }
      expect(mail.text, mail.id).toContain(formatMoment(deadline, TIME_ZONE))
      expect(mail.html, mail.id).toContain(mail.reference)
      expect(mail.html, mail.id).toContain(formatMoment(deadline, TIME_ZONE))
    }
  })
})

describe('Privacy: the requester’s acknowledgement', () => {
  it('goes to the requester’s own address and echoes nothing else they wrote', async () => {
    // Act
    const { mails } = await allMail()

    // Assert
    const acknowledgements = mails.filter((mail) => mail.kind === 'requester-acknowledgement')
    expect(acknowledgements).toHaveLength(3)
    for (const mail of acknowledgements) {
      expect(mail.to).toEqual([SENTINEL.email])
      expect(mail.cc).toBeUndefined()
    }
    expect(acknowledgements.flatMap((mail) => leaks(mail, ['subject', 'text', 'html']))).toEqual([])
  })
})
