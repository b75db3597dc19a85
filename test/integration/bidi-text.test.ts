import { describe, expect, it } from 'vitest'
import { questionRequest, useLocalStack } from './local-stack-harness.ts'

/**
 * Bidirectional controls on the server side: multi-line texts keep them exactly (they can be real Arabic or
 * Hebrew; the workspace shows each one visibly), single-line fields keep refusing them with a message for the field.
 */
const BIDI_CONTROLS = [
  0x200e, 0x200f, 0x061c, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
].map((code) => String.fromCodePoint(code))
const hex = (character: string) => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`

describe('Text that cannot lie about its direction (server side)', () => {
  const local = useLocalStack({ throttle: { ratePerSecond: 10_000, burst: 5_000 } })
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${local.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it.each(BIDI_CONTROLS.map((control) => [hex(control), control]))(
    'keeps %s in a description exactly, beside real Arabic and Hebrew',
    async (_name, control) => {
      const description = `Mijn buurjongen schreef ${control}السلام عليكم${control} en ‏שלום‏ op zijn muur.`
      const answer = await post('/api/requests', questionRequest({ description }))
      expect(answer.status).toBe(201)
      const stored = await local.caseOf(answer.body.reference as string)
      expect((stored as unknown as { description: string }).description).toBe(description)
    },
  )

  it.each(
    ['name', 'organisation', 'email', 'phone'].flatMap((field) =>
      BIDI_CONTROLS.map((control) => [field, hex(control), control] as const),
    ),
  )('refuses %s with %s (a single-line field) with a message for that field', async (field, _name, control) => {
    const values: Record<string, string> = {
      name: `Jan ${control}Jansen`,
      organisation: `School ${control}Noord`,
      email: `jan${control}@example.nl`,
      phone: `010 ${control}1234567`,
    }
    const answer = await post(
      '/api/requests',
      questionRequest({ requesterType: 'professional', sector: 'education', [field]: values[field] }),
    )
    expect(answer.status).toBe(400)
    const error = answer.body.error as { code: string; fields: Record<string, string> }
    expect(error.code).toBe('validation_failed')
    expect(Object.keys(error.fields)).toEqual([field])
  })

  it('keeps bidi controls in a follow-up message and an advisor’s note exactly', async () => {
    const text = 'Zie \u202Eabc\u202C en \u2067עברית\u2069'
    const asked = await post('/api/requests', questionRequest({ email: undefined, anonymous: true }))
    expect(asked.status).toBe(201)
    const { reference, receipt } = asked.body as { reference: string; receipt: string }
    expect((await post('/api/follow-up/messages', { reference, receipt, text })).status).toBe(201)
    const advisor = await local.signIn('adv-01')
    await advisor.act(reference, 'notes', { text }, 201)

    const stored = (await local.caseOf(reference)) as unknown as { messages: Array<{ kind: string; text: string }> }
    expect(stored.messages.map((message) => [message.kind, message.text])).toEqual([
      ['follow-up', text],
      ['note', text],
    ])
  })
})
