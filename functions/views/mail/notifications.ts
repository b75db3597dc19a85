/**
 * The mail MAR sends, rendered: advisor notifications (content-free: they see only a CaseSummary) and the mail to
 * requesters. core/ports/mail.ts declares the port (MailTemplates); `mailTemplates` below fills it in.
 */
import type { Channel } from '../../core/cases/case.ts'
import type { Sector, Topic } from '../../core/cases/web-request.ts'
import type { CaseSummary, MailContent, RecipientRole } from '../../core/mail/notifications.ts'
import type { MailTemplates } from '../../core/ports/mail.ts'
import type { Language } from '../../core/shared/field-problems.ts'
import { IMMEDIATE_DANGER_GUIDANCE } from '../guidance.ts'
import { signatureText } from './signature.ts'

/** What the port (core/ports/mail.ts) hands each template. */
type TemplateInput<K extends keyof MailTemplates> = Parameters<MailTemplates[K]>[0]

const TOPIC: Record<Topic, string> = {
  question: 'algemene vraag',
  case: 'zorg over een persoon',
  training: 'voorlichting of training',
}
const topicText = (summary: CaseSummary) => (summary.topic ? TOPIC[summary.topic] : 'nog niet ingedeeld')
const SECTOR: Record<Sector, string> = { care: 'zorg', education: 'onderwijs', welfare: 'welzijn', other: 'anders' }
const CHANNEL: Record<Channel, string> = { web: 'webformulier', email: 'e-mail', phone: 'telefoon' }

const OPENING: Record<RecipientRole, string> = {
  assignee: 'Er is een nieuwe melding aan u toegewezen.',
  backup: 'Er is een urgente melding binnengekomen. U bent achterwacht.',
  coordinator: 'Er is een urgente melding binnengekomen. Ter informatie voor de coördinator.',
}

/** To the advisor who gets the case, and for urgent cases to the backup and the coordinators too. */
export function assignmentMail(input: TemplateInput<'assignment'>): MailContent {
  const { summary } = input
  const urgent = summary.urgency === 'urgent'
  return advisorMail({
    subject: `[${summary.reference}] ${urgent ? 'URGENT: ' : ''}nieuwe melding (${topicText(summary)})`,
    opening: OPENING[input.role],
    summary,
    lines: input.acknowledgeUrl
      ? [`Bevestig de ontvangst uiterlijk ${formatMoment(input.acknowledgeBy, input.timeZone)}.`]
      : [],
    ...(input.acknowledgeUrl ? { action: { url: input.acknowledgeUrl, label: 'Ontvangst bevestigen' } } : {}),
    ...(input.caseUrl ? { caseUrl: input.caseUrl } : {}),
  })
}

/** To every coordinator when a case arrives and no advisor is on duty. */
export function unassignedAlertMail(input: TemplateInput<'unassignedAlert'>): MailContent {
  const { summary } = input
  return advisorMail({
    subject: `[${summary.reference}] ${summary.urgency === 'urgent' ? 'URGENT: ' : ''}melding zonder dienstdoende adviseur`,
    opening: 'Er is een melding binnengekomen terwijl er geen adviseur dienst heeft.',
    summary,
    lines: [
      input.nextShiftStart
        ? `De melding gaat automatisch naar de adviseur die ${formatMoment(input.nextShiftStart, input.timeZone)} dienst heeft.`
        : 'Er staat de komende twee weken geen dienst in het rooster: wijs de melding zelf toe.',
      `Bevestig de ontvangst uiterlijk ${formatMoment(input.acknowledgeBy, input.timeZone)}.`,
    ],
    action: { url: input.acknowledgeUrl, label: 'Ontvangst bevestigen' },
    ...(input.caseUrl ? { caseUrl: input.caseUrl } : {}),
  })
}

/** Deadline ladder mail (reminders, breaches, escalations): same content rules as every advisor mail. */
export function deadlineMail(input: TemplateInput<'deadline'>): MailContent {
  const due = formatMoment(input.dueAt, input.timeZone)
  const what = input.clock === 'acknowledge' ? 'bevestigen van de ontvangst' : 'beantwoorden'
  const texts = {
    reminder: { subject: 'herinnering', opening: `Herinnering: de termijn voor het ${what} loopt ${due} af.` },
    breach: { subject: 'termijn verstreken', opening: `De termijn voor het ${what} is verstreken (${due}).` },
    escalation: {
      subject: 'escalatie',
      opening: `De termijn voor het ${what} is ruim verstreken (${due}). De melding vraagt aandacht van een coördinator.`,
    },
  }[input.step]
  return advisorMail({
    subject: `[${input.summary.reference}] ${input.summary.urgency === 'urgent' ? 'URGENT: ' : ''}${texts.subject}${input.standIn ? ' (waarneming)' : ''}`,
    opening: texts.opening,
    summary: input.summary,
    lines: input.standIn ? [STAND_IN_LINE] : [],
    ...(input.acknowledgeUrl ? { action: { url: input.acknowledgeUrl, label: 'Ontvangst bevestigen' } } : {}),
    ...(input.caseUrl ? { caseUrl: input.caseUrl } : {}),
  })
}

/** Said in a mail to the primary on duty who stands in for the case's advisor while that advisor is off duty. */
const STAND_IN_LINE =
  'U ontvangt dit bericht als waarnemer: de adviseur van deze melding heeft nu geen dienst. De melding blijft bij die adviseur; handel af wat niet kan wachten.'

/** A reminder an advisor set on the case: that it is time, never the note that goes with it (read it in MAR Intake). */
export function advisorReminderMail(input: TemplateInput<'advisorReminder'>): MailContent {
  return advisorMail({
    subject: `[${input.summary.reference}] ${input.summary.urgency === 'urgent' ? 'URGENT: ' : ''}herinnering gezet door een adviseur${input.standIn ? ' (waarneming)' : ''}`,
    opening: `Er is een herinnering gezet voor ${formatMoment(input.at, input.timeZone)}. De notitie erbij staat in MAR Intake.`,
    summary: input.summary,
    lines: input.standIn ? [STAND_IN_LINE] : [],
    caseUrl: input.caseUrl,
  })
}

function advisorMail(parts: {
  subject: string
  opening: string
  summary: CaseSummary
  lines: string[]
  action?: { url: string; label: string }
  /** The case in the advisor workspace: where its content can be read. */
  caseUrl?: string
}): MailContent {
  const { summary } = parts
  const facts: Array<[string, string]> = [
    ['Zaaknummer', summary.reference],
    ['Onderwerp', topicText(summary)],
    ['Urgentie', summary.urgency === 'urgent' ? 'urgent (acuut gevaar gemeld)' : 'normaal'],
    ['Sector', summary.sector ? SECTOR[summary.sector] : 'niet opgegeven'],
    ['Kanaal', CHANNEL[summary.channel]],
  ]
  const footer = 'De inhoud van de melding staat alleen in MAR Intake, niet in deze e-mail.'
  const open = 'Openen in MAR Intake'
  const text = [
    parts.opening,
    '',
    ...facts.map(([label, value]) => `${label}: ${value}`),
    '',
    ...parts.lines,
    ...(parts.action ? ['', `${parts.action.label}: ${parts.action.url}`] : []),
    ...(parts.caseUrl ? ['', `${open}: ${parts.caseUrl}`] : []),
    '',
    footer,
  ].join('\n')
  const html = page(
    parts.subject,
    [
      `<p>${escapeHtml(parts.opening)}</p>`,
      `<table role="presentation">${facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`,
      ...parts.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
      parts.action ? `<p><a href="${escapeHtml(parts.action.url)}">${escapeHtml(parts.action.label)}</a></p>` : '',
      parts.caseUrl ? `<p><a href="${escapeHtml(parts.caseUrl)}">${escapeHtml(open)}</a></p>` : '',
      `<p><small>${escapeHtml(footer)}</small></p>`,
    ].join('\n'),
  )
  return { subject: parts.subject, text, html }
}

/** To the assignee (or the coordinators) when the requester wrote again: that there is a message, not what it says. */
export function newMessageMail(input: TemplateInput<'newMessage'>): MailContent {
  return advisorMail({
    subject: `[${input.summary.reference}] ${input.summary.urgency === 'urgent' ? 'URGENT: ' : ''}nieuw bericht van de melder`,
    opening: input.reopened
      ? 'De melder heeft opnieuw geschreven; de melding is daardoor heropend en wacht op antwoord.'
      : 'De melder heeft een nieuw bericht gestuurd bij deze melding.',
    summary: input.summary,
    lines: [],
    caseUrl: input.caseUrl,
  })
}

/** To the coordinators when an open case had no activity for the configured period: which case, since when. */
export function staleCaseMail(input: TemplateInput<'staleCase'>): MailContent {
  return advisorMail({
    subject: `[${input.summary.reference}] open melding zonder activiteit`,
    opening: 'Aan deze open melding is al lange tijd niet gewerkt. Sluit haar af of pak haar weer op.',
    summary: input.summary,
    lines: [`Laatste activiteit: ${formatMoment(input.idleSince, input.timeZone)}.`],
    caseUrl: input.caseUrl,
  })
}

/** To the advisors on duty: the references of a flood of new mail cases from one sender, nothing more. */
export function floodSummaryMail(input: TemplateInput<'floodSummary'>): MailContent {
  const subject = `${input.references.length} nieuwe e-mailmeldingen van één afzender`
  const opening =
    'Eén afzender opende binnen een uur meer dan 3 nieuwe meldingen per e-mail. Alle berichten zijn opgeslagen en verdeeld; deze meldingen kregen geen eigen bericht en de afzender geen ontvangstbevestiging:'
  const footer = 'De inhoud van de meldingen staat alleen in MAR Intake, niet in deze e-mail.'
  const lines = input.references.map((reference, index) => `${reference}: ${input.caseUrls[index] ?? ''}`)
  return {
    subject,
    text: [opening, '', ...lines, '', footer].join('\n'),
    html: page(
      subject,
      [
        `<p>${escapeHtml(opening)}</p>`,
        `<ul>${input.references.map((reference, index) => `<li><a href="${escapeHtml(input.caseUrls[index] ?? '')}">${escapeHtml(reference)}</a></li>`).join('')}</ul>`,
        `<p><small>${escapeHtml(footer)}</small></p>`,
      ].join('\n'),
    ),
  }
}

const OVERSIZED_TEXT: readonly [string, string, string] = [
  'Uw e-mail aan het Meld- en Adviespunt Radicalisering (MAR) is groter dan 10 MB en kon daarom niet worden verwerkt.',
  'Stuur uw vraag opnieuw zonder grote bijlagen, of gebruik het formulier op onze website:',
  'Your e-mail to the Radicalisation Advice Point (MAR) is larger than 10 MB and could not be processed. Please send it again without large attachments, or use the form on our website:',
]

/** To a sender whose mail was too large to file: where to go instead. Never an echo of their mail. */
export function oversizedAnswerMail(input: TemplateInput<'oversizedAnswer'>): MailContent {
  const subject = 'Uw e-mail aan MAR was te groot / Your e-mail to MAR was too large'
  const paragraphs = [
    OVERSIZED_TEXT[0],
    `${OVERSIZED_TEXT[1]} ${input.formUrl}`,
    `${OVERSIZED_TEXT[2]} ${input.formUrl}`,
  ]
  return {
    subject,
    text: [...paragraphs, REQUESTER_TEXT.nl.closing].join('\n\n'),
    html: page(
      subject,
      [...paragraphs, REQUESTER_TEXT.nl.closing]
        .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
        .join('\n'),
    ),
  }
}

const REQUESTER_TEXT = {
  nl: {
    subject: (reference: string) => `[${reference}] Uw vraag aan MAR is ontvangen`,
    received:
      'Wij hebben uw vraag aan het Meld- en Adviespunt Radicalisering (MAR) van de gemeente Rotterdam ontvangen.',
    reference: (reference: string) => `Uw zaaknummer is ${reference}. Noem dit nummer als u contact met ons opneemt.`,
    next: (by: string) => `Een adviseur van MAR leest uw vraag en neemt uiterlijk ${by} contact met u op.`,
    closing: 'Met vriendelijke groet,\nMeld- en Adviespunt Radicalisering, gemeente Rotterdam',
  },
  en: {
    subject: (reference: string) => `[${reference}] Your request to MAR has been received`,
    received: 'We have received your request to the Radicalisation Advice Point (MAR) of the City of Rotterdam.',
    reference: (reference: string) => `Your reference is ${reference}. Please mention it when you contact us.`,
    next: (by: string) => `An advisor from MAR will read your request and contact you by ${by} at the latest.`,
    closing: 'Kind regards,\nRadicalisation Advice Point (MAR), City of Rotterdam',
  },
} as const

/** To the requester, when an address is known: the reference and what happens next. Never an echo of their text. */
export function requesterAcknowledgementMail(input: TemplateInput<'requesterAcknowledgement'>): MailContent {
  const copy = REQUESTER_TEXT[input.language]
  const paragraphs = [
    copy.received,
    copy.reference(input.reference),
    copy.next(formatMoment(input.respondBy, input.timeZone, input.language)),
    IMMEDIATE_DANGER_GUIDANCE[input.language],
    copy.closing,
  ]
  const subject = copy.subject(input.reference)
  return {
    subject,
    text: paragraphs.join('\n\n'),
    html: page(
      subject,
      paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`).join('\n'),
      input.language,
    ),
  }
}

const REPLY_TEXT = {
  nl: {
    subject: (reference: string) => `[${reference}] Antwoord op uw vraag aan MAR`,
    how: 'U kunt op deze e-mail antwoorden. Laat het zaaknummer in de onderwerpregel staan.',
  },
  en: {
    subject: (reference: string) => `[${reference}] Answer to your request to MAR`,
    how: 'You can reply to this e-mail. Please keep the reference in the subject line.',
  },
} as const

/**
 * An advisor's answer to the requester: their text exactly as written, with the reference and how to reply, ending
 * with the one signature the system adds (signature.ts): no generic sign-off besides it.
 */
export function replyMail(input: TemplateInput<'reply'>): MailContent {
  const copy = REPLY_TEXT[input.language]
  const paragraphs = [
    input.text,
    copy.how,
    IMMEDIATE_DANGER_GUIDANCE[input.language],
    signatureText(input.signature, input.language),
  ]
  const subject = copy.subject(input.reference)
  return {
    subject,
    text: paragraphs.join('\n\n'),
    html: page(
      subject,
      paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`).join('\n'),
      input.language,
    ),
  }
}

export function formatMoment(moment: Date, timeZone: string, language: Language = 'nl'): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(moment)
}

function page(title: string, body: string, language: Language = 'nl'): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body>\n${body}\n</body></html>`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/** The templates as the use cases receive them (CaseWorkflowDependencies.templates). */
export const mailTemplates: MailTemplates = {
  assignment: assignmentMail,
  unassignedAlert: unassignedAlertMail,
  deadline: deadlineMail,
  advisorReminder: advisorReminderMail,
  newMessage: newMessageMail,
  requesterAcknowledgement: requesterAcknowledgementMail,
  reply: replyMail,
  oversizedAnswer: oversizedAnswerMail,
  staleCase: staleCaseMail,
  floodSummary: floodSummaryMail,
}
