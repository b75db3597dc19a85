import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger, LOGGED_KEYS, withLambdaContext } from '../../../functions/adapters/logger.ts'
import { lambdaContext } from '../../../local/api-gateway.ts'

const SECRET = 'SENTINEL-LOGGER-9c2e'

/** Every line the logger writes (Powertools writes to process.stdout / process.stderr), parsed. */
function captureLines() {
  const lines: string[] = []
  const capture = (chunk: string | Uint8Array) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }
  vi.spyOn(process.stdout, 'write').mockImplementation(capture)
  vi.spyOn(process.stderr, 'write').mockImplementation(capture)
  return {
    raw: () => lines.join(''),
    parsed: () => lines.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((line) => JSON.parse(line)),
  }
}

describe('Adapter: the allow-list logger', () => {
  let output: ReturnType<typeof captureLines>
  beforeEach(() => {
    output = captureLines()
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('passes the allow-listed keys and drops every other one, counting but not naming it', () => {
    const logger = createLogger({ serviceName: 'mar-test', logLevel: 'INFO' })

    logger.info('request accepted', {
      reference: 'MAR-ABCD-EFGH',
      status: 201,
      kinds: ['acknowledgement', 'notification'],
      description: SECRET,
      [`email-${SECRET}`]: 'x',
    })

    const [line] = output.parsed()
    expect(line).toEqual({
      level: 'INFO',
      message: 'request accepted',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'mar-test',
      reference: 'MAR-ABCD-EFGH',
      status: 201,
      kinds: ['acknowledgement', 'notification'],
      droppedKeys: 2,
    })
    expect(output.raw()).not.toContain(SECRET)
  })

  it('reduces an error to its name: neither its message, its stack nor its cause is written', () => {
    const logger = createLogger({ logLevel: 'INFO' })
    const error = new TypeError(`cannot parse ${SECRET}`, { cause: new Error(SECRET) })
    Object.assign(error, { field: SECRET })

    logger.error('request failed', error)
    logger.error('request failed', { error, errorName: error.name })
    logger.error({ message: 'request failed', error })

    expect(output.parsed().map((line) => line.error)).toEqual([
      { name: 'TypeError' },
      { name: 'TypeError' },
      { name: 'TypeError' },
    ])
    expect(output.raw()).not.toContain(SECRET)
    expect(output.raw()).not.toContain('cannot parse')
  })

  it('drops a nested object or a list of objects under an allowed key, and persistent keys outside the list', () => {
    const logger = createLogger({ logLevel: 'INFO' })
    logger.appendPersistentKeys({ requester: { name: SECRET } })
    logger.appendKeys({ reference: 'MAR-ABCD-EFGH' })

    logger.info('mail delivered', { outcome: { text: SECRET }, kinds: [{ to: SECRET }], count: 2 })

    const [line] = output.parsed()
    expect(line).toMatchObject({
      message: 'mail delivered',
      reference: 'MAR-ABCD-EFGH',
      outcome: '[dropped]',
      kinds: '[dropped]',
      count: 2,
      droppedKeys: 1,
    })
    expect(output.raw()).not.toContain(SECRET)
  })

  it('writes a string or a number given as extra input only under an allowed key', () => {
    const logger = createLogger({ logLevel: 'INFO' })

    logger.info('follow-up opened', SECRET)

    expect(output.parsed()).toEqual([expect.objectContaining({ message: 'follow-up opened', droppedKeys: 1 })])
    expect(output.raw()).not.toContain(SECRET)
  })

  it('adds the Lambda context (request id, cold start, function name) and never logs the event', async () => {
    // Outside Lambda, Powertools reports no cold start unless the environment says how Lambda initialised it.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand'
    const logger = createLogger({ logLevel: 'DEBUG' })
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE
    const handler = withLambdaContext(logger, async (event: { description: string }) => {
      logger.info('request accepted', { fieldCount: Object.keys(event).length })
      return 'done'
    })
    const context = lambdaContext('mar-submit')
    process.env.POWERTOOLS_LOGGER_LOG_EVENT = 'true'
    try {
      expect(await handler({ description: SECRET }, context)).toBe('done')
      await handler({ description: SECRET }, context)
    } finally {
      delete process.env.POWERTOOLS_LOGGER_LOG_EVENT
    }

    const lines = output.parsed()
    expect(lines.map((line) => [line.message, line.function_request_id, line.cold_start, line.function_name])).toEqual([
      ['request accepted', context.awsRequestId, true, 'mar-submit'],
      ['request accepted', context.awsRequestId, false, 'mar-submit'],
    ])
    expect(output.raw()).not.toContain(SECRET)
  })

  it('is silent at SILENT', () => {
    createLogger({ logLevel: 'SILENT' }).error('request failed', { errorName: 'Error' })
    expect(output.raw()).toBe('')
  })
})

/** Where the code logs: every `.info|warn|error|debug|critical(` on something named logger. */
const SOURCE_DIRS = ['functions', 'local', 'bin']
const ROOT = join(import.meta.dirname, '../../..')
const LOG_METHODS = new Set(['info', 'warn', 'error', 'debug', 'critical', 'trace'])

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

interface LogCall {
  where: string
  message: ts.Expression | undefined
  attributes: ts.Expression | undefined
}

function logCalls(): LogCall[] {
  const calls: LogCall[] = []
  for (const path of SOURCE_DIRS.flatMap(sourceFiles)) {
    const source = ts.createSourceFile(path, readFileSync(join(ROOT, path), 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node) => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        LOG_METHODS.has(node.expression.name.text) &&
        /logger$/i.test(node.expression.expression.getText(source))
      ) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
        calls.push({
          where: `${relative(ROOT, join(ROOT, path))}:${line}`,
          message: node.arguments[0],
          attributes: node.arguments[1],
        })
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return calls
}

/** A message written in the code: a string literal, or a choice between two. */
function isFixedMessage(node: ts.Expression | undefined): boolean {
  if (node === undefined) return false
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true
  if (ts.isParenthesizedExpression(node)) return isFixedMessage(node.expression)
  if (ts.isConditionalExpression(node)) return isFixedMessage(node.whenTrue) && isFixedMessage(node.whenFalse)
  return false
}

/** The keys an attributes argument names (object literals, also spread from a conditional), or `undefined`. */
function keysOf(node: ts.Expression): string[] | undefined {
  if (ts.isParenthesizedExpression(node)) return keysOf(node.expression)
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [keysOf(node.whenTrue), keysOf(node.whenFalse)]
    return a && b ? [...a, ...b] : undefined
  }
  if (!ts.isObjectLiteralExpression(node)) return undefined
  const keys: string[] = []
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = keysOf(property.expression)
      if (spread === undefined) return undefined
      keys.push(...spread)
    } else if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
      keys.push(property.name.text)
    } else {
      return undefined
    }
  }
  return keys
}

describe('Source: what the code logs', () => {
  const calls = logCalls()

  it('finds the log calls of the handlers and the local runtime', () => {
    const files = new Set(calls.map((call) => call.where.replace(/:\d+$/, '')))
    expect(files).toContain('functions/http/problem-responses.ts')
    expect(files).toContain('functions/case-workflow/task-handler.ts')
    expect(files).toContain('local/smtp-intake.ts')
    expect(calls.length).toBeGreaterThan(30)
  })

  it('logs only messages written in the code, never a value built at run time', () => {
    expect(calls.filter((call) => !isFixedMessage(call.message)).map((call) => call.where)).toEqual([])
  })

  it('logs only allow-listed keys, each written out in an object literal at the call', () => {
    const allowed = new Set<string>(LOGGED_KEYS)
    const problems = calls.flatMap((call) => {
      if (call.attributes === undefined) return []
      const keys = keysOf(call.attributes)
      if (keys === undefined) return [`${call.where}: attributes not an object literal`]
      return keys.filter((key) => !allowed.has(key)).map((key) => `${call.where}: ${key}`)
    })
    expect(problems).toEqual([])
  })
})
