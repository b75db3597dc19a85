import type { IncomingMessage } from 'node:http'
import type { CaseRepository, RosterRepository } from '../functions/core/ports/stores.ts'
import { readBody } from './api-gateway.ts'
import type { DevAuth } from './dev-auth.ts'
import type { DevClock } from './dev-clock.ts'
import { devMailbox, devMailboxStyles, MAILBOX_STYLES_PATH } from './dev-mailbox.ts'
import { getDevRoster, putDevRoster } from './dev-roster.ts'
import { type DevResponse, devClock, devFaults, devMail, getDevCase } from './dev-routes.ts'
import { safeDecode } from './http-responses.ts'
import type { LocalEngines } from './platform.ts'
import type { LocalWorkflowEngine } from './workflow-engine.ts'

export interface DevEndpointsDependencies {
  cases: CaseRepository
  rosters: RosterRepository
  clock: DevClock
  auth: Pick<DevAuth, 'issue'>
  workflow: Pick<LocalWorkflowEngine, 'history' | 'running'>
  engines: Pick<LocalEngines, 'capturedMail' | 'faults'>
}

/** The local-only `/_dev/...` endpoints (never deployed), behind their Host and media type checks. */
export function createDevEndpoints(deps: DevEndpointsDependencies) {
  const { cases, rosters, clock, auth, workflow, engines } = deps
  const rosterDeps = { rosters, clock }

  async function devRoute(method: string, url: URL, request: IncomingMessage): Promise<DevResponse> {
    const path = url.pathname
    const devCase = /^\/_dev\/cases\/([^/]+)$/.exec(path)
    if (devCase && method === 'GET') {
      const reference = safeDecode(devCase[1] ?? '')
      return reference === undefined ? brokenEscape() : getDevCase(reference, cases)
    }
    if (path === '/_dev/clock' && (method === 'GET' || method === 'POST')) {
      return devClock(method, (await readBody(request, 4096)).toString('utf8'), clock)
    }
    const devWorkflow = /^\/_dev\/workflows\/([^/]+)$/.exec(path)
    if (devWorkflow && method === 'GET') {
      const reference = safeDecode(devWorkflow[1] ?? '')
      if (reference === undefined) return brokenEscape()
      const states = workflow.history(reference)
      if (states.length === 0)
        return { status: 404, body: { error: { code: 'not_found', message: 'No workflow for this reference.' } } }
      return {
        status: 200,
        body: { reference, running: workflow.running().includes(reference), transitions: states.length, states },
      }
    }
    if (path === '/_dev/mail' && method === 'GET') return devMail(engines.capturedMail)
    if (path === '/_dev/mailbox' && method === 'GET') return devMailbox(engines.capturedMail)
    if (path === MAILBOX_STYLES_PATH && method === 'GET') return devMailboxStyles()
    if (path === '/_dev/roster' && method === 'PUT')
      return putDevRoster((await readBody(request)).toString('utf8'), rosterDeps)
    if (path === '/_dev/roster' && method === 'GET') return getDevRoster(url.searchParams, rosterDeps)
    if (path === '/_dev/token' && method === 'POST') return auth.issue((await readBody(request, 4096)).toString('utf8'))
    if (path === '/_dev/advisors' && method === 'GET') {
      const roster = await rosters.getRoster()
      const advisors = (roster?.advisors ?? []).map(({ id, name, roles }) => ({ id, name, roles }))
      return { status: 200, body: { advisors } }
    }
    if (path === '/_dev/faults' && method === 'POST') {
      return devFaults((await readBody(request, 4096)).toString('utf8'), engines.faults)
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'No such dev endpoint.' } } }
  }

  return async function devEndpoint(request: IncomingMessage, url: URL): Promise<DevResponse> {
    const method = request.method ?? 'GET'
    return devRequestRefusal(request, method) ?? (await devRoute(method, url, request))
  }
}

/** The names the dev endpoints answer to: a page on another name that resolves here (DNS rebinding) gets nothing. */
const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Why a dev endpoint refuses a request, if it does: a Host that is not this machine's own name (403), or a body that
 * is not JSON (415) — a cross-site form can post text/plain or a form encoding without a preflight, never JSON.
 */
function devRequestRefusal(request: IncomingMessage, method: string): DevResponse | undefined {
  const hostname = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase()
  if (!LOCAL_HOSTNAMES.has(hostname)) {
    return {
      status: 403,
      body: { error: { code: 'forbidden_host', message: 'Dev endpoints answer on 127.0.0.1 and localhost only.' } },
    }
  }
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if ((method === 'POST' || method === 'PUT') && mediaType !== 'application/json') {
    return {
      status: 415,
      body: { error: { code: 'unsupported_media_type', message: 'Send the body as application/json.' } },
    }
  }
  return undefined
}

function brokenEscape(): DevResponse {
  return { status: 400, body: { error: { code: 'bad_request', message: 'The path has a broken percent-escape.' } } }
}
