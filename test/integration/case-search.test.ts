import { describe, expect, it } from 'vitest'
import { mailDesk } from '../support/smtp-client.ts'
import { type AdvisorClient, questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Search and filters on the local stack (GET /api/advisor/cases?q&status&assignee&channel&topic): cases filed through
 * the form, by mail and by phone, found by each kind of term whatever the letter case and accents, open and closed
 * alike, the filters alone and together, and nothing of a case once it is erased or purged.
 */
describe('Search: finding cases by what they hold, and filtering the list', () => {
  const local = useLocalStack({ clockStart: new Date('2027-01-11T09:00:00+01:00') })
  const desk = mailDesk(local)
  let web = ''
  let mail = ''
  let phone = ''

  type Row = { reference: string; status: string; channel: string; assignee: string | null; topic: string | null }
  const list = async (advisor: AdvisorClient, query: Record<string, string>) => {
    const answer = await advisor.get(`/api/advisor/cases?${new URLSearchParams(query)}`)
    if (answer.status !== 200) throw new Error(`GET cases answered ${answer.status}: ${JSON.stringify(answer.body)}`)
    return (answer.body as { cases: Row[] }).cases
  }
  const found = async (advisor: AdvisorClient, query: Record<string, string>) =>
    (await list(advisor, query)).map((row) => row.reference).sort()

  it('files a web, a mail and a phone case, closes the phone case, and adds a note', async () => {
    web = await local.submit(
      questionRequest({
        requesterType: 'professional',
        sector: 'education',
        topic: 'case',
        name: 'Jan Müller',
        email: 'Jan.Muller@School.example',
        phone: '+31 6 1234 5678',
        description: 'Een leerling deelt filmpjes die geweld verheerlijken.',
      }),
    )
    mail = await desk.newCase({
      from: 'Fatima el Amrani <f.amrani@example.org>',
      subject: 'Zorgen om mijn neef',
      text: 'Hij praat over een groep online en wil niet meer naar school.',
    })
    const coordinator = await local.signIn('adv-03')
    const created = await coordinator.post(
      '/api/advisor/cases',
      questionRequest({ name: 'Kees de Groot', description: 'Zorgen over een buurman die filmpjes van geweld deelt.' }),
    )
    expect(created.status).toBe(201)
    phone = (created.body as { reference: string }).reference
    await coordinator.act(phone, 'close', { outcome: 'advice-given' })
    await coordinator.act(mail, 'notes', { text: 'Gebeld met de mentor van het Erasmiaans.' })

    expect(await found(coordinator, {})).toEqual([web, mail].sort())
  })

  it.each([
    ['the reference, in lower case', () => web.toLowerCase(), () => [web]],
    ["the requester's surname, without its accent", () => 'muller', () => [web]],
    ["the requester's surname, in capitals with it", () => 'MÜLLER', () => [web]],
    ['the e-mail address, in other letter case', () => 'jan.muller@school.EXAMPLE', () => [web]],
    ['the phone number, written otherwise', () => '06-12345678', () => [web]],
    ["the mail sender's name", () => 'Amrani', () => [mail]],
    ["the mail sender's address", () => 'F.Amrani@example.org', () => [mail]],
    ["the mail's subject and text", () => 'neef groep', () => [mail]],
    ['a word of a note', () => 'erasmiaans', () => [mail]],
    ['a word of an open and of a closed case', () => 'Filmpjes', () => [web, phone].sort()],
    ['two words that no one case has both of', () => 'filmpjes neef', () => []],
  ])('finds a case by %s', async (_kind, query, expected) => {
    const advisor = await local.signIn('adv-01')
    expect(await found(advisor, { q: query() })).toEqual(expected())
  })

  it('lists the closed cases with status=closed, and combines the search with the filters', async () => {
    const advisor = await local.signIn('adv-01')
    const webRow = (await list(advisor, { q: web }))[0]
    expect(webRow).toMatchObject({ reference: web, channel: 'web', topic: 'case' })

    expect(await found(advisor, { status: 'closed' })).toEqual([phone])
    expect((await list(advisor, { status: 'closed' }))[0]).toMatchObject({ status: 'closed', channel: 'phone' })
    expect(await found(advisor, { q: 'filmpjes', status: 'closed' })).toEqual([phone])
    expect(await found(advisor, { q: 'filmpjes', channel: 'web' })).toEqual([web])
    expect(await found(advisor, { q: 'filmpjes', topic: 'question' })).toEqual([phone])
    expect(await found(advisor, { channel: 'email' })).toEqual([mail])
    expect(await found(advisor, { channel: 'email', topic: 'case' })).toEqual([])
    expect(await found(advisor, { assignee: String(webRow?.assignee), q: 'muller' })).toEqual([web])
    const other = webRow?.assignee === 'adv-02' ? 'adv-04' : 'adv-02'
    expect(await found(advisor, { assignee: other, q: 'muller' })).toEqual([])
  })

  it('refuses a bad filter with 400 and a message per field, never echoing the query', async () => {
    const advisor = await local.signIn('adv-01')
    const answer = await advisor.get('/api/advisor/cases?status=open&channel=fax&assignee=adv-99&q=de%20het')
    expect(answer.status).toBe(400)
    const { error } = answer.body as { error: { code: string; fields: Record<string, string> } }
    expect(error.code).toBe('validation_failed')
    expect(Object.keys(error.fields).sort()).toEqual(['assignee', 'channel', 'q', 'status'])
    expect(JSON.stringify(answer.body)).not.toContain('fax')
  })

  it('finds nothing of a case once a coordinator erased it', async () => {
    const coordinator = await local.signIn('adv-03')
    expect(await found(coordinator, { q: 'muller' })).toEqual([web])

    const erased = await coordinator.get(`/api/advisor/cases/${web}`)
    expect(erased.status).toBe(200)
    const response = await fetch(`${local.url}/api/advisor/cases/${web}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${coordinator.token}` },
    })
    expect(response.status).toBe(200)

    for (const q of ['muller', web, 'jan.muller@school.example', '0612345678', 'verheerlijken']) {
      expect(await found(coordinator, { q })).toEqual([])
    }
    expect(await found(coordinator, { q: 'filmpjes' })).toEqual([phone])
  })

  it('finds nothing of a closed case once the retention purge removed it', async () => {
    const coordinator = await local.signIn('adv-03')
    await coordinator.act(mail, 'close', { outcome: 'no-concern' })
    expect(await found(coordinator, { q: 'neef', status: 'closed' })).toEqual([mail])

    // Closed on 11 January 2027, kept twelve months: the daily run of 12 January 2028 purges both.
    await local.advance('P367D')

    expect((await fetch(`${local.url}/_dev/cases/${mail}`)).status).toBe(404)
    for (const q of ['neef', 'amrani', 'f.amrani@example.org', 'erasmiaans', 'filmpjes', mail]) {
      expect(await found(coordinator, { q })).toEqual([])
    }
    expect(await found(coordinator, { status: 'closed' })).toEqual([])
  })
})
