import { describe, expect, it } from 'vitest'
import type { ActingAdvisor } from '../../../../functions/core/roster/staff.ts'
import { ForbiddenError, TemplateNotFoundError, ValidationError } from '../../../../functions/core/shared/errors.ts'
import {
  deleteReplyTemplate,
  listReplyTemplates,
  MAX_TEMPLATES,
  type ReplyTemplate,
  saveReplyTemplate,
} from '../../../../functions/core/templates/reply-templates.ts'
import { STARTER_TEMPLATES } from '../../../../functions/views/advisor/starter-templates.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'
import { InMemoryReplyTemplates } from '../../../fakes/in-memory-reply-templates.ts'
import { InMemoryRosterRepository } from '../../../fakes/in-memory-roster-repository.ts'
import { exampleRoster, SettableClock } from '../../../fakes/workflow-dependencies.ts'

const NOW = '2027-01-11T10:00:00.000Z'
const ADVISOR: ActingAdvisor = { id: 'adv-01', roles: ['advisor'] }
const COORDINATOR: ActingAdvisor = { id: 'adv-05', roles: ['coordinator'] }
/** Signed in with a coordinator's group, but no longer on the roster. */
const GONE: ActingAdvisor = { id: 'adv-99', roles: ['coordinator'] }

const STARTERS: ReplyTemplate[] = [
  { id: 'b-nl', language: 'nl', title: 'Bellen', text: 'Wanneer kan ik bellen?' },
  { id: 'a-en', language: 'en', title: 'Call', text: 'When may I call?' },
  { id: 'a-nl', language: 'nl', title: 'Afspraak', text: 'Zullen we afspreken?' },
]

function setUp(starters: readonly ReplyTemplate[] = STARTERS) {
  const replyTemplates = new InMemoryReplyTemplates()
  const deps = {
    replyTemplates,
    starterTemplates: starters,
    rosters: new InMemoryRosterRepository(exampleRoster()),
    clock: new SettableClock(NOW),
  }
  return { deps, replyTemplates }
}

async function refusalOf(action: Promise<unknown>) {
  try {
    await action
  } catch (error) {
    return error
  }
  throw new Error('expected a refusal')
}

describe('Use case: reply templates', () => {
  it('shows the starters while nobody wrote the set, Dutch first, then by title', async () => {
    const { deps, replyTemplates } = setUp()

    const { templates } = await listReplyTemplates(ADVISOR, deps)

    expect(templates.map((template) => template.id)).toEqual(['a-nl', 'b-nl', 'a-en'])
    expect(replyTemplates.written).toBe(false)
  })

  it('writes the starters with the first change, so the others stay', async () => {
    const { deps } = setUp()

    const saved = await saveReplyTemplate('c-nl', { title: 'Dank', text: 'Dank voor uw bericht.' }, COORDINATOR, deps)

    expect(saved).toEqual({
      created: true,
      template: {
        id: 'c-nl',
        language: 'nl',
        title: 'Dank',
        text: 'Dank voor uw bericht.',
        updatedAt: NOW,
        updatedBy: 'adv-05',
      },
    })
    const { templates } = await listReplyTemplates(ADVISOR, deps)
    expect(templates.map((template) => template.id)).toEqual(['a-nl', 'b-nl', 'c-nl', 'a-en'])
  })

  it('replaces a template with its id (created: false), and keeps an English one in English', async () => {
    const { deps } = setUp()

    const saved = await saveReplyTemplate(
      'a-en',
      { title: 'Call', text: 'Call me.', language: 'en' },
      COORDINATOR,
      deps,
    )

    expect(saved.created).toBe(false)
    const { templates } = await listReplyTemplates(ADVISOR, deps)
    expect(templates.find((template) => template.id === 'a-en')).toMatchObject({ language: 'en', text: 'Call me.' })
    expect(templates).toHaveLength(3)
  })

  it('deletes a template once; a second delete is 404, and a deleted starter does not come back', async () => {
    const { deps } = setUp()

    await deleteReplyTemplate('b-nl', COORDINATOR, deps)
    const again = await refusalOf(deleteReplyTemplate('b-nl', COORDINATOR, deps))

    expect(again).toBeInstanceOf(TemplateNotFoundError)
    const { templates } = await listReplyTemplates(ADVISOR, deps)
    expect(templates.map((template) => template.id)).toEqual(['a-nl', 'a-en'])
  })

  it('keeps an emptied set empty instead of showing the starters again', async () => {
    const { deps } = setUp([STARTERS[0] as ReplyTemplate])

    await deleteReplyTemplate('b-nl', COORDINATOR, deps)

    expect((await listReplyTemplates(ADVISOR, deps)).templates).toEqual([])
  })

  it.each([
    ['an advisor', ADVISOR],
    ['a coordinator no longer on the roster', GONE],
  ])('refuses %s to write or delete (403), and changes nothing', async (_who, actor) => {
    const { deps, replyTemplates } = setUp()

    const put = await refusalOf(saveReplyTemplate('x', { title: 'X', text: 'X' }, actor, deps))
    const deleted = await refusalOf(deleteReplyTemplate('a-nl', actor, deps))

    expect(put).toBeInstanceOf(ForbiddenError)
    expect(deleted).toBeInstanceOf(ForbiddenError)
    expect(replyTemplates.written).toBe(false)
  })

  it('refuses someone not on the roster to read them (403)', async () => {
    const { deps } = setUp()

    expect(await refusalOf(listReplyTemplates(GONE, deps))).toBeInstanceOf(ForbiddenError)
  })

  it.each([
    [
      'an id with capitals',
      'Welkom',
      { title: 'T', text: 'x' },
      { id: 'Een id is 1 tot 64 kleine letters, cijfers of streepjes, zoals welkom-nl.' },
    ],
    [
      'an id ending in a hyphen',
      'welkom-',
      { title: 'T', text: 'x' },
      { id: 'Een id is 1 tot 64 kleine letters, cijfers of streepjes, zoals welkom-nl.' },
    ],
    [
      'an id of 65 characters',
      'a'.repeat(65),
      { title: 'T', text: 'x' },
      { id: 'Een id is 1 tot 64 kleine letters, cijfers of streepjes, zoals welkom-nl.' },
    ],
    ['a blank title', 'ok', { title: '  ', text: 'x' }, { title: 'Vul een titel in.' }],
    [
      'a title of 101 characters',
      'ok',
      { title: 't'.repeat(101), text: 'x' },
      { title: 'De titel is langer dan 100 tekens.' },
    ],
    [
      'a title with a tab',
      'ok',
      { title: 'a\tb', text: 'x' },
      { title: 'Een titel is één regel, zonder stuurtekens.' },
    ],
    ['no text', 'ok', { title: 'T' }, { text: 'Vul een tekst in.' }],
    [
      'a text with a control character',
      'ok',
      { title: 'T', text: 'a\u0007' },
      { text: 'De tekst bevat stuurtekens; alleen tabs en regeleinden zijn toegestaan.' },
    ],
    ['a language of its own', 'ok', { title: 'T', text: 'x', language: 'de' }, { language: 'Kies een taal: nl, en.' }],
    [
      'an unknown field',
      'ok',
      { title: 'T', text: 'x', signature: 'Anouk' },
      { _body: '1 onbekend(e) veld(en); toegestaan: title, text, language.' },
    ],
  ])('refuses %s with 400 on that field', async (_kind, id, body, fields) => {
    const { deps, replyTemplates } = setUp()

    const error = await refusalOf(saveReplyTemplate(id, body, COORDINATOR, deps))

    if (!(error instanceof ValidationError)) throw error
    expect(fieldMessages(error)).toEqual(fields)
    expect(replyTemplates.written).toBe(false)
  })

  it(`keeps at most ${MAX_TEMPLATES} templates (409 too_many_templates), but still replaces one`, async () => {
    const many = Array.from(
      { length: MAX_TEMPLATES },
      (_, index): ReplyTemplate => ({
        id: `t-${index}`,
        language: 'nl',
        title: `Tekst ${index}`,
        text: 'x',
      }),
    )
    const { deps } = setUp(many)

    const refused = await refusalOf(saveReplyTemplate('new-one', { title: 'N', text: 'n' }, COORDINATOR, deps))
    const replaced = await saveReplyTemplate('t-0', { title: 'N', text: 'n' }, COORDINATOR, deps)

    expect(refused).toMatchObject({ name: 'CaseStateConflictError', code: 'too_many_templates' })
    expect(replaced.created).toBe(false)
  })

  it('starts MAR with Dutch and English templates that follow the reply rules and carry no sign-off', async () => {
    const { deps } = setUp(STARTER_TEMPLATES)

    for (const { id, title, text, language } of STARTER_TEMPLATES) {
      const { template } = await saveReplyTemplate(id, { title, text, language }, COORDINATOR, deps)
      expect(template.text).toBe(text)
      expect(text).not.toMatch(/groet|regards/i)
    }
    expect(new Set(STARTER_TEMPLATES.map((starter) => starter.language))).toEqual(new Set(['nl', 'en']))
  })
})
