import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { LOCAL_RUNTIME_SCOPE } from '../../local/function-scope.ts'
import { type Decision, deploymentOf, evaluate, ResourcePolicies } from './evaluate.ts'
import { FUNCTIONS, type FunctionInfo, functionInventory, routeFunctions } from './functions.ts'
import { CallRecorder, type RecordedCall } from './recorder.ts'
import { type IamRequest, iamRequestsFor, sesReceiptRequests, UnmappableCallError } from './requests.ts'
import { ROTATED_SECRET_ID, runScenario } from './scenario.ts'
import { serviceGrantRequests } from './service-grants.ts'
import { CHECK_ENV, synthesizeTemplates } from './synth.ts'
import { loadTemplates, TemplateResolver } from './templates.ts'
import { unexercisedGrants } from './unexercised.ts'

/**
 * `npm run check:iam [-- --templates <dir>]`: every AWS call the functions make in a run of the local stack, and every
 * service-to-service grant, evaluated against the synthesized policies. Exit 1 on any denial or unattributed call.
 */
export async function checkIam(options: { templates?: string; log?: (line: string) => void }): Promise<{
  failures: string[]
  figures: Record<string, number>
}> {
  const log = options.log ?? ((line: string) => console.log(line))
  const started = performance.now()
  const directory = options.templates ?? synthesizeTemplates(mkdtempSync(join(tmpdir(), 'mar-check-iam-')))
  const resolver = new TemplateResolver(loadTemplates(directory, CHECK_ENV))
  const functions = functionInventory(resolver)
  const byName = new Map(functions.map((fn) => [fn.name, fn]))
  const routes = routeFunctions(resolver, functions)
  const deployment = deploymentOf(resolver, functions)
  const policies = new ResourcePolicies(resolver)
  log(`templates: ${options.templates ?? 'a fresh synth'} (${resolver.templates.map((t) => t.stackName).join(', ')})`)

  const recorder = new CallRecorder()
  const scenarioStart = performance.now()
  const { steps } = await runScenario(recorder)
  const scenarioSeconds = (performance.now() - scenarioStart) / 1000
  log(`scenario: ${steps} steps, ${recorder.calls.length} calls recorded in ${scenarioSeconds.toFixed(1)} s`)

  const failures: string[] = []
  const requests = new Map<string, { request: IamRequest; fn: string; call: RecordedCall }>()
  let localOnly = 0
  for (const call of recorder.calls) {
    const fn = functionOf(call.scope, byName, routes)
    try {
      if (call.scope === LOCAL_RUNTIME_SCOPE) {
        localOnly++
        continue
      }
      if (call.scope === 'service:ses') {
        for (const request of sesReceiptRequests(call, deployment)) add(request, 'SES (receipt rule)', call)
        continue
      }
      if (!fn) {
        failures.push(
          `unattributed: ${call.service} ${call.command} made outside any function (scope ${call.scope ?? 'none'})`,
        )
        continue
      }
      const mapped = { ...call }
      if (fn.name === 'signing-key-rotation' && call.secret === ROTATED_SECRET_ID) mapped.secret = rotatedSecret(fn)
      for (const request of iamRequestsFor(mapped, fn, deployment)) add(request, fn.name, call)
    } catch (error) {
      if (!(error instanceof UnmappableCallError)) throw error
      failures.push(`unmapped: ${fn?.name ?? call.scope}: ${call.service} ${call.command}: ${error.message}`)
    }
  }
  function add(request: IamRequest, fn: string, call: RecordedCall) {
    requests.set(JSON.stringify([fn, request]), { request, fn, call })
  }
  function rotatedSecret(fn: FunctionInfo): string {
    for (const { stack, resource } of resolver.resourcesOfType('AWS::SecretsManager::RotationSchedule')) {
      const properties = resolver.resolve(resource.Properties, stack)
      if (properties.RotationLambdaARN === fn.functionArn) return String(properties.SecretId)
    }
    throw new UnmappableCallError('no rotation schedule names the rotation function')
  }

  const decisions: Array<Decision & { fn: string; call?: RecordedCall }> = []
  for (const { request, fn, call } of requests.values()) {
    decisions.push({ ...(await evaluate(request, policies, deployment.account)), fn, call })
  }
  const services = serviceGrantRequests(resolver, functions, deployment)
  for (const grant of services) {
    decisions.push({ ...(await evaluate(grant.request, policies, deployment.account)), fn: grant.name })
  }
  for (const decision of decisions.filter((d) => !d.allowed)) {
    const { request } = decision
    const made = decision.call ? ` (${decision.call.service} ${decision.call.command})` : ''
    failures.push(
      `denied: ${decision.fn}${made}: ${request.action} on ${request.resource} by ${request.principal} — ${decision.reason}` +
        `; context ${JSON.stringify(request.context)}`,
    )
  }

  const called = new Set(recorder.calls.map((call) => functionOf(call.scope, byName, routes)?.name).filter(Boolean))
  const callsNoAws = new Set(FUNCTIONS.filter((fn) => fn.callsAws === false).map((fn) => fn.name))
  for (const fn of functions) {
    if (!called.has(fn.name) && !callsNoAws.has(fn.name)) {
      failures.push(`not exercised: the scenario made no AWS call of ${fn.name}`)
    }
  }
  const unexercised = unexercisedGrants(
    functions,
    decisions.filter((d) => d.allowed && d.call),
  )
  const seconds = (performance.now() - started) / 1000
  const figures = {
    calls: recorder.calls.length,
    localRuntimeCalls: localOnly,
    functionRequests: requests.size,
    serviceGrants: services.length,
    denied: decisions.filter((d) => !d.allowed).length,
    seconds: Math.round(seconds),
  }
  log(
    `evaluated: ${requests.size} distinct requests from ${recorder.calls.length - localOnly} calls of ${called.size} ` +
      `functions, ${services.length} service-to-service grants (${localOnly} calls of the local runtime itself not evaluated)`,
  )
  if (unexercised.length > 0) {
    log(`granted but never exercised (${unexercised.length}):`)
    for (const line of unexercised) log(`  ${line}`)
  }
  for (const failure of failures) log(`FAIL ${failure}`)
  log(
    failures.length === 0
      ? `check:iam passed in ${seconds.toFixed(0)} s`
      : `check:iam FAILED: ${failures.length} problem(s)`,
  )
  return { failures, figures }
}

function functionOf(
  scope: string | undefined,
  byName: Map<string, FunctionInfo>,
  routes: Map<string, string>,
): FunctionInfo | undefined {
  if (scope === undefined) return undefined
  if (scope.startsWith('route:')) {
    const name = routes.get(scope.slice('route:'.length))
    return name ? byName.get(name) : undefined
  }
  return byName.get(scope)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.CDK_DISABLE_VERSION_CHECK ??= 'true'
  const { values } = parseArgs({ options: { templates: { type: 'string' } } })
  checkIam({ ...(values.templates ? { templates: values.templates } : {}) })
    .then(({ failures }) => process.exit(failures.length === 0 ? 0 : 1))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error)
      process.exit(2)
    })
}
