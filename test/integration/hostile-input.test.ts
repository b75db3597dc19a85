import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REFERENCE_PATTERN } from '../../functions/core/cases/reference.ts'
import type { Response } from '../../functions/http/responses.ts'
import {
  type Intake,
  MAX_BODY_BYTES,
  parseBody,
  postJson,
  postRequest,
  professionalRequest,
  RESPOND_BY,
  startIntake,
} from './intake-harness.ts'

/**
 * Whatever a hostile or broken client sends, the door answers with a 4xx in the documented shape, never echoes what
 * was sent, never stores anything and never touches Object.prototype.
 */

interface HostileCase {
  name: string
  event: () => APIGatewayProxyEventV2
  /** The expected status, or the statuses that are each acceptable. */
  status: number | number[]
  /** Text that must not come back in the answer (hostile values are added automatically from `value`). */
  hostile?: unknown[]
}

const JSON_TYPE = 'application/json'
const FORM_TYPE = 'application/x-www-form-urlencoded'
/** Every field but the honeypot, which answers anything put in it with the normal answer (tested below). */
const FIELDS = Object.keys({ ...professionalRequest(), anonymous: false })
const BOOLEAN_FIELDS = new Set(['anonymous', 'immediateDanger', 'consent'])
const TEXT_LIMITS = { name: 200, organisation: 200, email: 254, phone: 32, description: 10_000 }

/** A valid request with one field replaced. */
function jsonWith(field: string, value: unknown, headers: Record<string, string> = {}) {
  return () => postJson({ ...professionalRequest(), [field]: value }, headers)
}

/** A valid request with raw JSON text added before the closing brace (a later duplicate key wins in JSON.parse). */
function jsonWithRaw(fragment: string) {
  return () =>
    postRequest({ body: `${JSON.stringify(professionalRequest()).slice(0, -1)},${fragment}}`, contentType: JSON_TYPE })
}

function jsonText(body: string, contentType: string | null = JSON_TYPE) {
  return () => postRequest({ body, contentType })
}

function bytes(...parts: Array<string | number[]>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))))
}

function base64Body(body: Buffer, contentType = JSON_TYPE) {
  return () => postRequest({ body: body.toString('base64'), isBase64Encoded: true, contentType })
}

/** A valid form post, as browsers encode it, followed by raw (already encoded) pairs. Asks for JSON back. */
function validFormText(): string {
  const request = professionalRequest()
  const pairs: Array<[string, string]> = []
  for (const [name, value] of Object.entries(request)) {
    if (Array.isArray(value)) for (const item of value) pairs.push([name, item])
    else if (value === true) pairs.push([name, 'on'])
    else if (typeof value === 'string') pairs.push([name, value])
  }
  return new URLSearchParams(pairs).toString()
}

function formWithRaw(rawPairs: string, extraHeaders: Record<string, string> = {}) {
  return () =>
    postRequest({
      body: `${validFormText()}&${rawPairs}`,
      contentType: FORM_TYPE,
      headers: { accept: JSON_TYPE, ...extraHeaders },
    })
}

/** A valid JSON body padded with insignificant whitespace to exactly `size` bytes. */
function paddedJson(size: number): string {
  const compact = JSON.stringify(professionalRequest())
  return `${compact.slice(0, -1)}${' '.repeat(size - Buffer.byteLength(compact))}}`
}

const wrongTypeCases: HostileCase[] = FIELDS.flatMap((field) => {
  const values: unknown[] = BOOLEAN_FIELDS.has(field)
    ? ['HOSTILE-STRING-VALUE', 'true', 13371337, null, { hostile: 'HOSTILE-OBJECT-VALUE' }, ['HOSTILE-ARRAY-VALUE']]
    : field === 'signals'
      ? ['HOSTILE-STRING-VALUE', 13371337, true, null, { hostile: 'HOSTILE-OBJECT-VALUE' }, [13371337], [['isolation']]]
      : [13371337, true, null, { hostile: 'HOSTILE-OBJECT-VALUE' }, ['HOSTILE-ARRAY-VALUE']]
  return values.map((value) => ({
    name: `${field} as ${JSON.stringify(value)}`,
    event: jsonWith(field, value),
    status: 400,
    hostile: [value],
  }))
})

const hugeAndEmptyCases: HostileCase[] = [
  ...Object.entries(TEXT_LIMITS).map(([field, max]) => {
    const value = `HOSTILE-LONG-${'x'.repeat(max)}`
    return {
      name: `${field} one over ${max} characters and more`,
      event: jsonWith(field, value),
      status: 400,
      hostile: [value],
    }
  }),
  {
    name: 'description of 10,001 astral characters (code points, not UTF-16 units, are counted)',
    event: jsonWith('description', '𝕏'.repeat(10_001)),
    status: 400,
    hostile: ['𝕏'.repeat(100)],
  },
  { name: 'empty description', event: jsonWith('description', ''), status: 400 },
  { name: 'description of spaces only', event: jsonWith('description', ' '.repeat(40)), status: 400 },
  { name: 'description of zero-width spaces only', event: jsonWith('description', '\u200B'.repeat(40)), status: 400 },
  {
    name: 'description of 19 visible characters padded with spaces',
    event: jsonWith('description', `HOSTILE-19-chars${' '.repeat(60)}`),
    status: 400,
    hostile: ['HOSTILE-19-chars'],
  },
  { name: 'empty requesterType', event: jsonWith('requesterType', ''), status: 400 },
  { name: 'empty topic', event: jsonWith('topic', ''), status: 400 },
  { name: 'consent false', event: jsonWith('consent', false), status: 400 },
  { name: 'an empty object', event: jsonText('{}'), status: 400 },
  { name: 'an empty body', event: jsonText(''), status: 400 },
]

const notAnObjectCases: HostileCase[] = [
  {
    name: 'an array',
    event: jsonText('[{"requesterType":"HOSTILE-IN-ARRAY"}]'),
    status: 400,
    hostile: ['HOSTILE-IN-ARRAY'],
  },
  { name: 'an empty array', event: jsonText('[]'), status: 400 },
  { name: 'a string', event: jsonText('"HOSTILE-JSON-STRING"'), status: 400, hostile: ['HOSTILE-JSON-STRING'] },
  { name: 'null', event: jsonText('null'), status: 400 },
  { name: 'a number', event: jsonText('13371337'), status: 400, hostile: ['13371337'] },
  { name: 'a boolean', event: jsonText('true'), status: 400 },
]

const brokenJsonCases: HostileCase[] = [
  {
    name: 'an unterminated string',
    event: jsonText('{"description":"HOSTILE-UNTERMINATED'),
    status: 400,
    hostile: ['HOSTILE-UNTERMINATED'],
  },
  {
    name: 'unquoted keys',
    event: jsonText('{requesterType: HOSTILE_UNQUOTED}'),
    status: 400,
    hostile: ['HOSTILE_UNQUOTED'],
  },
  {
    name: 'single quotes',
    event: jsonText("{'description':'HOSTILE-SINGLE'}"),
    status: 400,
    hostile: ['HOSTILE-SINGLE'],
  },
  {
    name: 'a trailing comma',
    event: jsonText('{"description":"HOSTILE-TRAILING",}'),
    status: 400,
    hostile: ['HOSTILE-TRAILING'],
  },
  { name: 'trailing garbage', event: jsonText('{"a":1}}HOSTILE-GARBAGE'), status: 400, hostile: ['HOSTILE-GARBAGE'] },
  { name: 'NaN', event: jsonText('{"description":NaN}'), status: 400 },
  { name: 'a comment', event: jsonText('{/* HOSTILE-COMMENT */}'), status: 400, hostile: ['HOSTILE-COMMENT'] },
  { name: 'only whitespace', event: jsonText('   \n\t  '), status: 400 },
]

const deepCases: HostileCase[] = [
  { name: '10,000 nested arrays', event: jsonText(`${'['.repeat(10_000)}${']'.repeat(10_000)}`), status: 400 },
  { name: '10,000 nested objects', event: jsonText(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`), status: 400 },
  {
    name: 'a valid object whose description is 10,000 nested arrays',
    event: jsonWithRaw(`"description":${'['.repeat(10_000)}"HOSTILE-DEEP-TEXT"${']'.repeat(10_000)}`),
    status: 400,
    hostile: ['HOSTILE-DEEP-TEXT'],
  },
  {
    name: 'a valid object with an unknown field nested 5,000 objects deep',
    event: jsonWithRaw(`"extra":${'{"a":'.repeat(5_000)}"HOSTILE-DEEP-UNKNOWN"${'}'.repeat(5_000)}`),
    status: 400,
    hostile: ['HOSTILE-DEEP-UNKNOWN'],
  },
  { name: '30,000 nested arrays', event: jsonText(`${'['.repeat(30_000)}${']'.repeat(30_000)}`), status: 400 },
  { name: '60,000 unclosed arrays', event: jsonText('['.repeat(60_000)), status: 400 },
]

const sizeCases: HostileCase[] = [
  { name: 'a JSON body one byte over 64 KiB', event: jsonText(paddedJson(MAX_BODY_BYTES + 1)), status: 413 },
  {
    name: 'a base64-encoded body one byte over 64 KiB',
    event: base64Body(Buffer.from(paddedJson(MAX_BODY_BYTES + 1))),
    status: 413,
  },
  {
    name: 'a 1 MiB description',
    event: jsonWith('description', `HOSTILE-MIB-${'y'.repeat(1 << 20)}`),
    status: 413,
    hostile: ['HOSTILE-MIB-'],
  },
  {
    name: 'an array of 10,000 signals',
    event: jsonWith(
      'signals',
      Array.from({ length: 10_000 }, () => 'other'),
    ),
    status: [400, 413],
  },
  {
    name: 'an array of 10,000 invalid signals that fits the body limit',
    event: jsonWith(
      'signals',
      Array.from({ length: 10_000 }, () => 7),
    ),
    status: [400, 413],
  },
  {
    name: '10,000 repeated signals in a form',
    event: formWithRaw(Array.from({ length: 10_000 }, () => 'signals=other').join('&')),
    status: [400, 413],
  },
]

const validBody = JSON.stringify({
  ...professionalRequest(),
  description: 'HOSTILE-CONTENT-TYPE: zorgen over een leerling.',
})
const CONTENT_TYPES: Array<[string, string | null]> = [
  ['text/plain', 'text/plain'],
  ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
  ['multipart/form-data', 'multipart/form-data; boundary=----HOSTILE'],
  ['no content type', null],
  ['application/json; charset=latin1', 'application/json; charset=latin1'],
  ['application/json; charset=iso-8859-1', 'application/json; charset=iso-8859-1'],
  ['application/json; charset=utf-16', 'application/json; charset=utf-16'],
  ['a form in latin1', 'application/x-www-form-urlencoded; charset=windows-1252'],
  ['application/xml', 'application/xml'],
  ['application/jsonp', 'application/jsonp'],
  ['an empty content type', ''],
]
const contentTypeCases: HostileCase[] = CONTENT_TYPES.map(([label, contentType]) => ({
  name: `content type: ${label}`,
  event: jsonText(validBody, contentType),
  status: 415,
  hostile: ['HOSTILE-CONTENT-TYPE'],
}))

const prototypeCases: HostileCase[] = [
  {
    name: 'JSON __proto__ key',
    event: jsonWithRaw('"__proto__":{"polluted":"HOSTILE-PROTO"}'),
    status: 400,
    hostile: ['HOSTILE-PROTO'],
  },
  {
    name: 'JSON constructor.prototype key',
    event: jsonWithRaw('"constructor":{"prototype":{"polluted":"HOSTILE-CTOR"}}'),
    status: 400,
    hostile: ['HOSTILE-CTOR'],
  },
  {
    name: 'JSON prototype key',
    event: jsonWithRaw('"prototype":{"polluted":"HOSTILE-PROTOTYPE"}'),
    status: 400,
    hostile: ['HOSTILE-PROTOTYPE'],
  },
  {
    name: 'JSON toString key',
    event: jsonWithRaw('"toString":"HOSTILE-TOSTRING"'),
    status: 400,
    hostile: ['HOSTILE-TOSTRING'],
  },
  {
    name: 'JSON hasOwnProperty key',
    event: jsonWithRaw('"hasOwnProperty":"HOSTILE-HASOWN"'),
    status: 400,
    hostile: ['HOSTILE-HASOWN'],
  },
  {
    name: 'form __proto__ field',
    event: formWithRaw('__proto__=HOSTILE-FORM-PROTO'),
    status: 400,
    hostile: ['HOSTILE-FORM-PROTO'],
  },
  {
    name: 'form __proto__[polluted] field',
    event: formWithRaw('__proto__%5Bpolluted%5D=HOSTILE-FORM-BRACKET'),
    status: 400,
    hostile: ['HOSTILE-FORM-BRACKET'],
  },
  {
    name: 'form constructor[prototype][polluted] field',
    event: formWithRaw('constructor[prototype][polluted]=HOSTILE-FORM-CTOR'),
    status: 400,
    hostile: ['HOSTILE-FORM-CTOR'],
  },
  {
    name: 'form prototype field',
    event: formWithRaw('prototype=HOSTILE-FORM-PROTOTYPE'),
    status: 400,
    hostile: ['HOSTILE-FORM-PROTOTYPE'],
  },
  {
    name: 'form constructor field',
    event: formWithRaw('constructor=HOSTILE-FORM-CONSTRUCTOR'),
    status: 400,
    hostile: ['HOSTILE-FORM-CONSTRUCTOR'],
  },
]

const CONTROL_CHARACTERS: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['ESC', '\u001B'],
  ['DEL', '\u007F'],
  ['C1 NEL U+0085', '\u0085'],
  ['C1 CSI U+009B', '\u009B'],
  ['a bare CR', '\r'],
  ['a vertical tab', '\u000B'],
  ['a form feed', '\u000C'],
  ['a backspace', '\u0008'],
]
const controlCases: HostileCase[] = [
  ...CONTROL_CHARACTERS.map(([label, character]) => {
    const value = `HOSTILE-CONTROL: zorgen over een leerling ${character} en meer tekst.`
    return {
      name: `${label} in the description (JSON)`,
      event: jsonWith('description', value),
      status: 400,
      hostile: [value],
    }
  }),
  ...CONTROL_CHARACTERS.map(([label, character]) => {
    const value = `HOSTILE-CONTROL: zorgen over een leerling ${character} en meer tekst.`
    return {
      name: `${label} in the description (form)`,
      event: formWithRaw(new URLSearchParams([['description', value]]).toString()),
      status: 400,
      hostile: [value],
    }
  }),
  ...['name', 'organisation'].flatMap((field) =>
    [
      ['NUL', '\u0000'],
      ['a tab', '\t'],
      ['a line feed', '\n'],
      ['CRLF', '\r\n'],
      ['C1 NEL U+0085', '\u0085'],
    ].map(([label, character]) => {
      const value = `HOSTILE-${field}${character}rest`
      return { name: `${label} in ${field}`, event: jsonWith(field, value), status: 400, hostile: [value] }
    }),
  ),
]

const encodingCases: HostileCase[] = [
  {
    name: 'a lone high surrogate in the description',
    event: jsonWithRaw('"description":"HOSTILE-LONE-HIGH zorgen over een leerling \\ud800"'),
    status: 400,
    hostile: ['HOSTILE-LONE-HIGH'],
  },
  {
    name: 'a lone low surrogate in the name',
    event: jsonWithRaw('"name":"HOSTILE-LONE-LOW \\udc00"'),
    status: 400,
    hostile: ['HOSTILE-LONE-LOW'],
  },
  {
    name: 'reversed surrogates in the organisation',
    event: jsonWithRaw('"organisation":"HOSTILE-REVERSED \\udc00\\ud800"'),
    status: 400,
    hostile: ['HOSTILE-REVERSED'],
  },
  {
    name: 'a lone surrogate as a key',
    event: jsonWithRaw('"\\ud800HOSTILE-KEY":"x"'),
    status: 400,
    hostile: ['HOSTILE-KEY'],
  },
  {
    name: 'an 0xFF byte in a JSON string (base64 body)',
    event: base64Body(bytes('{"description":"HOSTILE-FF zorgen over een leerling ', [0xff], '"}')),
    status: 400,
    hostile: ['HOSTILE-FF'],
  },
  {
    name: 'an overlong UTF-8 encoding of "/"',
    event: base64Body(
      bytes(JSON.stringify(professionalRequest()).slice(0, -1), ',"name":"HOSTILE-OVERLONG ', [0xc0, 0xaf], '"}'),
    ),
    status: 400,
    hostile: ['HOSTILE-OVERLONG'],
  },
  {
    name: 'a surrogate encoded in UTF-8 (CESU)',
    event: base64Body(
      bytes(JSON.stringify(professionalRequest()).slice(0, -1), ',"name":"HOSTILE-CESU ', [0xed, 0xa0, 0x80], '"}'),
    ),
    status: 400,
    hostile: ['HOSTILE-CESU'],
  },
  {
    name: 'a truncated UTF-8 sequence at the end',
    event: base64Body(bytes(JSON.stringify(professionalRequest()), [0xe2, 0x82])),
    status: 400,
  },
  {
    name: 'an 0xFF byte in a form (base64 body)',
    event: () =>
      postRequest({
        body: bytes(validFormText(), '&name=HOSTILE-FORM-FF', [0xff]).toString('base64'),
        isBase64Encoded: true,
        contentType: FORM_TYPE,
        headers: { accept: JSON_TYPE },
      }),
    status: 400,
    hostile: ['HOSTILE-FORM-FF'],
  },
  {
    name: 'a broken percent-escape %E0%A4%A',
    event: formWithRaw('name=HOSTILE-PCT%E0%A4%A'),
    status: 400,
    hostile: ['HOSTILE-PCT'],
  },
  {
    name: 'a lone percent sign',
    event: formWithRaw('name=HOSTILE-LONE-PCT%'),
    status: 400,
    hostile: ['HOSTILE-LONE-PCT'],
  },
  {
    name: 'a non-hex percent-escape %ZZ',
    event: formWithRaw('name=HOSTILE-ZZ%ZZ'),
    status: 400,
    hostile: ['HOSTILE-ZZ'],
  },
  {
    name: 'a percent-escape of invalid UTF-8 %FF',
    event: formWithRaw('name=HOSTILE-PCT-FF%FF'),
    status: 400,
    hostile: ['HOSTILE-PCT-FF'],
  },
  {
    name: 'a percent-escaped surrogate %ED%A0%80',
    event: formWithRaw('name=HOSTILE-PCT-SUR%ED%A0%80'),
    status: 400,
    hostile: ['HOSTILE-PCT-SUR'],
  },
  {
    name: 'a broken percent-escape in a key',
    event: formWithRaw('HOSTILE%E0%A4%A=1'),
    status: 400,
    hostile: ['HOSTILE'],
  },
  {
    name: 'a percent-encoded NUL in a form',
    event: formWithRaw('organisation=HOSTILE-PCT-NUL%00'),
    status: 400,
    hostile: ['HOSTILE-PCT-NUL'],
  },
]

const injectionCases: HostileCase[] = [
  {
    name: 'CRLF and Bcc in the e-mail (JSON)',
    event: jsonWith('email', 'a@b.nl\r\nBcc: x@y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'LF and Bcc in the e-mail (JSON)',
    event: jsonWith('email', 'a@b.nl\nBcc: x@y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'a literal %0ABcc: in the e-mail (JSON)',
    event: jsonWith('email', 'a@b.nl%0ABcc:x@y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'an encoded newline and Bcc in the e-mail (form)',
    event: formWithRaw('email=a@b.nl%0ABcc:x@y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'an encoded CRLF and Bcc in the e-mail (form)',
    event: formWithRaw('email=a%40b.nl%0D%0ABcc%3A+x%40y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'a display name with an address in the e-mail',
    event: jsonWith('email', '"HOSTILE" <a@b.nl>, x@y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'HOSTILE'],
  },
  { name: 'two addresses in the e-mail', event: jsonWith('email', 'a@b.nl,x@y.nl'), status: 400, hostile: ['x@y.nl'] },
  {
    name: 'CRLF and Bcc in the name (JSON)',
    event: jsonWith('name', 'Jan\r\nBcc: x@y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'an encoded CRLF and Bcc in the name (form)',
    event: formWithRaw('name=Jan%0D%0ABcc%3A+x%40y.nl'),
    status: 400,
    hostile: ['x@y.nl', 'Bcc'],
  },
  {
    name: 'CRLF and a header in the organisation',
    event: jsonWith('organisation', 'School\r\nX-HOSTILE: 1'),
    status: 400,
    hostile: ['X-HOSTILE'],
  },
  {
    name: 'a newline in the phone number',
    event: jsonWith('phone', '0612345678\nBcc: x@y.nl'),
    status: 400,
    hostile: ['x@y.nl'],
  },
]

const idempotencyKeyCases: HostileCase[] = [
  ['with spaces', 'HOSTILE key with spaces'],
  ['with non-ASCII characters', 'HOSTILE-sleutel-é-ü'],
  ['of 300 characters', `HOSTILE-${'k'.repeat(292)}`],
  ['of 256 characters', `HOSTILE-${'k'.repeat(248)}`],
  ['that is empty', ''],
  ['with a tab', 'HOSTILE\tkey'],
  ['with CRLF and a header', 'HOSTILE\r\nX-Injected: 1'],
  ['with a NUL', 'HOSTILE\u0000key'],
].map(([label, key]) => ({
  name: `an Idempotency-Key ${label}`,
  event: jsonWith('description', 'Zorgen over een leerling die zich terugtrekt.', { 'idempotency-key': String(key) }),
  status: 400,
  hostile: [key],
}))

const ALL_CASES: Array<[string, HostileCase[]]> = [
  ['wrong types', wrongTypeCases],
  ['huge and empty values', hugeAndEmptyCases],
  ['JSON that is not an object', notAnObjectCases],
  ['broken JSON', brokenJsonCases],
  ['deeply nested JSON', deepCases],
  ['body sizes', sizeCases],
  ['content types', contentTypeCases],
  ['prototype pollution', prototypeCases],
  ['control characters', controlCases],
  ['encodings', encodingCases],
  ['header injection', injectionCases],
  ['Idempotency-Key header', idempotencyKeyCases],
]

/** The texts a hostile value could come back as: itself, JSON-escaped, and every string inside it. */
function echoForms(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.length < 4 ? [] : [value, JSON.stringify(value).slice(1, -1)]
  }
  if (typeof value === 'number') return String(value).length < 4 ? [] : [String(value)]
  if (Array.isArray(value)) return value.flatMap(echoForms)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(echoForms)
  return []
}

/** Every string a client reads in the answer, decoded. */
function textsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(textsIn)
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => [key, ...textsIn(inner)])
  return []
}

function expectProblemShape(response: Response, status: number) {
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8')
  const body = parseBody(response)
  expect(Object.keys(body)).toEqual(['error'])
  const error = body.error as Record<string, unknown>
  expect(error).toEqual({
    code: expect.any(String),
    message: expect.any(String),
    ...(status === 400 ? { fields: expect.any(Object) } : {}),
  })
  if (status === 400) {
    const fields = error.fields as Record<string, unknown>
    expect(Object.keys(fields).length).toBeGreaterThan(0)
    for (const [field, message] of Object.entries(fields)) {
      expect(field).toMatch(/^(?:[A-Za-z][A-Za-z0-9_-]{0,63}(?:\.[0-9]{1,5})?|_form|_unknown)$/)
      expect(typeof message).toBe('string')
    }
  }
}

describe('Use case: submit web request — hostile input', () => {
  let intake: Intake
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype)

  beforeAll(async () => {
    intake = await startIntake()
  })

  afterAll(async () => {
    await intake?.stop()
  })

  for (const [group, cases] of ALL_CASES) {
    describe(group, () => {
      it.each(cases)('refuses $name with a 4xx, echoes nothing and stores nothing', async (hostileCase) => {
        // Arrange
        const event = hostileCase.event()
        const itemsBefore = await intake.countItems()

        // Act
        const response = await intake.invoke(event)

        // Assert
        const allowed = ([] as number[]).concat(hostileCase.status)
        expect(allowed).toContain(response.statusCode)
        expect(response.statusCode).toBeGreaterThanOrEqual(400)
        expect(response.statusCode).toBeLessThan(500)
        expectProblemShape(response, response.statusCode)
        const answer = [response.body ?? '', ...textsIn(parseBody(response))].join('\n')
        for (const echo of (hostileCase.hostile ?? []).flatMap(echoForms)) {
          expect(answer.includes(echo), `the answer echoes ${JSON.stringify(echo).slice(0, 80)}`).toBe(false)
        }
        expect(await intake.countItems()).toBe(itemsBefore)
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      })
    })
  }

  it('answers an array of 10,000 invalid signals with an answer no larger than the largest body it accepts', async () => {
    // Arrange
    const event = jsonWith(
      'signals',
      Array.from({ length: 10_000 }, () => 7),
    )()

    // Act
    const response = await intake.invoke(event)

    // Assert
    expect(response.statusCode).toBe(400)
    expect(Buffer.byteLength(response.body ?? '')).toBeLessThanOrEqual(MAX_BODY_BYTES)
  })
})

describe('Use case: submit web request — the honeypot and empty optional fields', () => {
  let intake: Intake

  beforeAll(async () => {
    intake = await startIntake()
  })

  afterAll(async () => {
    await intake?.stop()
  })

  it.each([13371337, true, null, { hostile: 'HOSTILE-OBJECT-VALUE' }, ['x'], 'x'.repeat(5_000), 'bot\u0000text'])(
    'answers a honeypot filled with %j like an accepted request and stores nothing',
    async (value) => {
      // Arrange
      const casesBefore = (await intake.caseItems()).length

      // Act
      const response = await intake.invoke(jsonWith('website', value)())

      // Assert
      expect(response.statusCode).toBe(201)
      expect(parseBody(response)).toEqual({
        reference: expect.stringMatching(REFERENCE_PATTERN),
        status: 'received',
        respondBy: RESPOND_BY.case,
      })
      expect((await intake.caseItems()).length).toBe(casesBefore)
    },
  )

  it('treats an empty optional field as not filled in, as an empty form input', async () => {
    // Act
    const response = await intake.invoke(jsonWith('email', '')())

    // Assert
    expect(response.statusCode).toBe(201)
    const stored = await intake.getCase(String(parseBody(response).reference))
    expect(stored).not.toHaveProperty('email')
    expect(stored).toHaveProperty('phone', professionalRequest().phone)
  })
})

describe('Use case: submit web request — the limits themselves are accepted', () => {
  let intake: Intake

  beforeAll(async () => {
    intake = await startIntake()
  })

  afterAll(async () => {
    await intake?.stop()
  })

  it('accepts a JSON body of exactly 64 KiB', async () => {
    // Arrange
    const body = paddedJson(MAX_BODY_BYTES)
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES)

    // Act
    const response = await intake.invoke(postRequest({ body, contentType: JSON_TYPE }))

    // Assert
    expect(response.statusCode).toBe(201)
    expect(parseBody(response).reference).toMatch(REFERENCE_PATTERN)
  })

  it('accepts a description of exactly 10,000 astral characters and stores it unchanged', async () => {
    // Arrange
    const description = '🌉'.repeat(10_000)

    // Act
    const response = await intake.invoke(postJson({ ...professionalRequest(), description }))

    // Assert
    expect(response.statusCode).toBe(201)
    const stored = await intake.getCase(String(parseBody(response).reference))
    expect(stored?.channel === 'web' && stored.description === description).toBe(true)
  })

  it('accepts name, organisation, e-mail and phone at their maximum length', async () => {
    // Arrange
    const request = {
      ...professionalRequest(),
      name: 'n'.repeat(200),
      organisation: 'o'.repeat(200),
      email: `${'e'.repeat(64)}@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(58)}.nl`,
      phone: '+31 (0)10 - 123 45 67 . . . . . ',
    }
    expect(request.email.length).toBe(254)
    expect(request.phone.length).toBe(32)

    // Act
    const response = await intake.invoke(postJson(request))

    // Assert
    expect(response.statusCode).toBe(201)
    const stored = await intake.getCase(String(parseBody(response).reference))
    expect(stored).toMatchObject({
      name: request.name,
      organisation: request.organisation,
      email: request.email,
      phone: request.phone,
    })
  })

  it('accepts the Idempotency-Key of 255 visible ASCII characters', async () => {
    // Arrange
    const key = Array.from({ length: 255 }, (_, index) => String.fromCharCode(0x21 + (index % 94))).join('')

    // Act
    const response = await intake.invoke(postJson(professionalRequest(), { 'idempotency-key': key }))

    // Assert
    expect(response.statusCode).toBe(201)
  })
})
