import type { MiddlewareObj } from '@middy/core'
import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describeProblems } from '../views/field-messages.ts'
import { HttpProblem } from './problem.ts'

export type ParsedBody =
  | { kind: 'json'; value: unknown }
  /** Every value of every key, in order; keys may be anything a client sent, so this is a Map, not an object. */
  | { kind: 'form'; entries: Map<string, string[]> }

export type EventWithBody = APIGatewayProxyEventV2 & { parsedBody: ParsedBody }

export interface RequestBodyOptions {
  maxBytes: number
}

const MEDIA_TYPES = { 'application/json': 'json', 'application/x-www-form-urlencoded': 'form' } as const
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads a JSON or urlencoded form body into `event.parsedBody`. Refuses other media types (415), bodies over the
 * limit (413) and bodies that cannot be read exactly — broken JSON, invalid UTF-8, broken percent-escapes (400).
 */
export function requestBody(options: RequestBodyOptions): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    before: (request) => {
      const event = request.event as EventWithBody
      const mediaType = readMediaType(event.headers?.['content-type'])
      const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8')
      if (bytes.byteLength > options.maxBytes) {
        throw new HttpProblem(413, 'payload_too_large', `The body is larger than ${options.maxBytes} bytes.`)
      }
      let text: string
      try {
        text = strictUtf8.decode(bytes)
      } catch {
        throw malformed()
      }
      event.parsedBody = mediaType === 'json' ? { kind: 'json', value: parseJson(text) } : parseForm(text)
    },
  }
}

function readMediaType(contentType: string | undefined): 'json' | 'form' {
  const [essence = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase())
  const kind = MEDIA_TYPES[essence as keyof typeof MEDIA_TYPES]
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length)
  if (kind === undefined || (charset !== undefined && charset.replaceAll('"', '') !== 'utf-8')) {
    throw new HttpProblem(
      415,
      'unsupported_media_type',
      'Send the request as application/json or application/x-www-form-urlencoded, in UTF-8.',
    )
  }
  return kind
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw malformed()
  }
}

function parseForm(text: string): ParsedBody {
  const entries = new Map<string, string[]>()
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const separator = pair.indexOf('=')
    const name = decodeFormComponent(separator === -1 ? pair : pair.slice(0, separator))
    const value = separator === -1 ? '' : decodeFormComponent(pair.slice(separator + 1))
    entries.set(name, [...(entries.get(name) ?? []), value])
  }
  return { kind: 'form', entries }
}

/** Unlike URLSearchParams, which quietly turns broken escapes into U+FFFD, this refuses them. */
function decodeFormComponent(component: string): string {
  try {
    return decodeURIComponent(component.replaceAll('+', ' '))
  } catch {
    throw malformed()
  }
}

function malformed(): HttpProblem {
  return new HttpProblem(
    400,
    'validation_failed',
    // The body could not be read, so neither could the language asked for: Dutch first.
    'Het verzoek kon niet worden gelezen.',
    describeProblems([{ path: '_form', rule: 'malformed_body' }], 'nl'),
  )
}
