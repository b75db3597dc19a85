import { describe, expect, it } from 'vitest'
import { parseWebRequest } from '../../../../functions/core/cases/web-request.ts'
import { ValidationError } from '../../../../functions/core/shared/errors.ts'
import { fieldMessages } from '../../../../functions/views/field-messages.ts'

const valid = {
  requesterType: 'professional',
  sector: 'education',
  topic: 'case',
  email: 'mentor@school.nl',
  description: 'Een leerling uit mijn klas verheerlijkt geweld en trekt zich terug.',
  consent: true,
}

function fieldErrors(input: unknown): Record<string, string> {
  try {
    parseWebRequest(input)
  } catch (error) {
    if (error instanceof ValidationError) return fieldMessages(error)
    throw error
  }
  throw new Error('expected the request to be refused')
}

describe('Schema: web request', () => {
  it('accepts a complete professional request and fills in the defaults', () => {
    const request = parseWebRequest(valid)
    expect(request).toEqual({ ...valid, anonymous: false, language: 'nl' })
  })

  it('accepts an anonymous private request without any contact details', () => {
    const request = parseWebRequest({
      requesterType: 'private',
      topic: 'question',
      anonymous: true,
      description: 'Mijn broer praat steeds vaker over een strijd tegen ongelovigen.',
      consent: true,
      language: 'en',
    })
    expect(request.anonymous).toBe(true)
    expect(request.language).toBe('en')
  })

  it('names every missing required field at once', () => {
    expect(Object.keys(fieldErrors({})).sort()).toEqual(
      ['consent', 'description', 'email', 'requesterType', 'topic'].sort(),
    )
  })

  it('requires a sector from professionals only', () => {
    const { sector: _sector, ...withoutSector } = valid
    expect(fieldErrors(withoutSector)).toEqual({ sector: 'Kies de sector waarin u werkt.' })
    expect(() => parseWebRequest({ ...withoutSector, requesterType: 'private' })).not.toThrow()
  })

  it('refuses an anonymous request that carries an e-mail address, a name or a phone number', () => {
    const errors = fieldErrors({ ...valid, anonymous: true, name: 'Jan', phone: '0612345678' })
    expect(Object.keys(errors).sort()).toEqual(['email', 'name', 'phone'])
  })

  it('asks for an e-mail address or a phone number when the requester is not anonymous', () => {
    const { email: _email, ...withoutContact } = valid
    expect(fieldErrors(withoutContact)).toHaveProperty('email')
    expect(() => parseWebRequest({ ...withoutContact, phone: '+31 10 123 4567' })).not.toThrow()
  })

  it.each(['06-12345678', '010 123 4567', '+31 6 12345678', '0031612345678', '+44 20 7946 0958', '(010) 1234567'])(
    'accepts the phone number %s',
    (phone) => {
      expect(parseWebRequest({ ...valid, phone }).phone).toBe(phone)
    },
  )

  it.each(['12345', '06-1234567x', '+0 123 456 789', '06 12345678\n', 'call me'])(
    'refuses the phone number %j',
    (phone) => {
      expect(fieldErrors({ ...valid, phone })).toHaveProperty('phone')
    },
  )

  it.each(['not-an-address', 'a@b', 'a@b.nl\r\nBcc: x@y.nl', ' mentor@school.nl', 'a..b@school.nl'])(
    'refuses the e-mail address %j',
    (email) => {
      expect(fieldErrors({ ...valid, email })).toHaveProperty('email')
    },
  )

  it('counts only visible characters towards the minimum description length', () => {
    const padded = `${'a'.repeat(19)}${' \u200b\n'.repeat(50)}`
    expect(fieldErrors({ ...valid, description: padded })).toEqual({
      description: 'Beschrijf uw vraag in minstens 20 tekens.',
    })
    expect(() => parseWebRequest({ ...valid, description: 'a'.repeat(20) })).not.toThrow()
  })

  it('measures the maximum description length in characters, not UTF-16 units', () => {
    expect(() => parseWebRequest({ ...valid, description: '😀'.repeat(10_000) })).not.toThrow()
    expect(fieldErrors({ ...valid, description: '😀'.repeat(10_001) })).toHaveProperty('description')
  })

  it('keeps the text as sent but in composed form (NFC): no trimming, no escaping', () => {
    const description = '  <b>Zorg</b> & "vraag"\r\nover e\u0301e\u0301n leerling\t… \u202Eomgekeerd  '
    expect(parseWebRequest({ ...valid, description }).description).toBe(
      '  <b>Zorg</b> & "vraag"\r\nover \u00E9\u00E9n leerling\t… \u202Eomgekeerd  ',
    )
  })

  it.each([
    ['a NUL character', 'Genoeg tekst om te tellen\u0000'],
    ['an escape character', 'Genoeg tekst om te tellen\u001b[31m'],
    ['a bare carriage return', 'Genoeg tekst om te tellen\rhier'],
    ['a C1 control character', 'Genoeg tekst om te tellen\u0085'],
    ['a lone surrogate', 'Genoeg tekst om te tellen\ud800'],
  ])('refuses a description with %s', (_what, description) => {
    expect(fieldErrors({ ...valid, description })).toHaveProperty('description')
  })

  it('refuses line breaks in single-line fields such as the name', () => {
    expect(fieldErrors({ ...valid, name: 'Jan\nBcc: x@y.nl' })).toHaveProperty('name')
  })

  it('refuses unknown fields, including prototype keys, by counting them: never by name (a name can carry data)', () => {
    const errors = fieldErrors(
      JSON.parse(`{"requesterType":"private","__proto__":{"admin":true},"ip":"1.2.3.4","Jan de Vries":"x"}`),
    )
    expect(errors._unknown).toBe('3 onbekende velden: stuur alleen de velden van het formulier.')
    expect(Object.keys(errors).filter((field) => !field.startsWith('_') && !(field in valid))).toEqual([])
    expect(Object.values(errors).join(' ')).not.toMatch(/\bip\b|Jan|proto/)
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it('says one unknown field in the singular, in the language asked for', () => {
    expect(fieldErrors({ ...valid, language: 'en', colour: 'red' })).toEqual({
      _unknown: '1 unknown field: send only the fields of the form.',
    })
  })

  it.each([
    ['a zero-width space', 'Jan\u200Bde Vries'],
    ['a zero-width joiner', 'Jan\u200Dde Vries'],
    ['a soft hyphen', 'Jan\u00ADde Vries'],
    ['a byte order mark', '\uFEFFJan de Vries'],
    ['a word joiner', 'Jan\u2060de Vries'],
    ['a right-to-left mark', 'Jan de Vries\u200F'],
    ['a tag character', 'Jan de Vries\u{E0041}'],
    ['a Hangul filler', 'Jan\u3164de Vries'],
  ])('refuses a name with %s, an invisible character, with a message for the name', (_what, name) => {
    expect(fieldErrors({ ...valid, name })).toEqual({
      name: 'De tekst bevat onzichtbare stuurtekens die niet zijn toegestaan.',
    })
  })

  it('refuses an invisible character in an e-mail address and a phone number before their format', () => {
    expect(fieldErrors({ ...valid, email: 'jan\u200B@example.nl', phone: '06\u200D12345678' })).toEqual({
      email: 'De tekst bevat onzichtbare stuurtekens die niet zijn toegestaan.',
      phone: 'De tekst bevat onzichtbare stuurtekens die niet zijn toegestaan.',
    })
  })

  it('keeps text in composed form (NFC): a decomposed é becomes one character, counted as one', () => {
    const decomposed = 'Jose\u0301 Martínez'
    const parsed = parseWebRequest({
      ...valid,
      name: decomposed,
      description: `${'Zorgen om mijn neef, hij '}cafe\u0301`,
    })
    expect(parsed.name).toBe('Jos\u00E9 Martínez')
    expect(parsed.description).toBe('Zorgen om mijn neef, hij caf\u00E9')
    expect(parseWebRequest({ ...valid, name: 'e\u0301'.repeat(200) }).name).toBe('\u00E9'.repeat(200))
  })

  it('refuses repeated and unknown signals', () => {
    expect(fieldErrors({ ...valid, signals: ['isolation', 'isolation'] })).toHaveProperty('signals')
    expect(fieldErrors({ ...valid, signals: ['isolation', 'bad'] })).toHaveProperty('signals')
  })

  it('accepts consent only as the literal true', () => {
    expect(fieldErrors({ ...valid, consent: 'true' })).toEqual({
      consent: 'Ga akkoord met de privacyverklaring om uw vraag te versturen.',
    })
    expect(fieldErrors({ ...valid, consent: false })).toHaveProperty('consent')
  })

  it('answers in English when the request asks for English', () => {
    expect(fieldErrors({ ...valid, consent: false, language: 'en' })).toEqual({
      consent: 'Accept the privacy statement to send your request.',
    })
  })

  it('never echoes the submitted value in a message', () => {
    const hostile = '<script>alert("x")</script>'
    const errors = fieldErrors({ ...valid, email: hostile, sector: hostile, [hostile]: 1, name: `${hostile}\n` })
    expect(JSON.stringify(errors)).not.toContain('script')
  })

  it('refuses a body that is not an object', () => {
    for (const input of [[], 'text', 42, null]) expect(fieldErrors(input)).toHaveProperty('_form')
  })
})
