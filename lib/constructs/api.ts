import { Duration, Validations } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import { Construct } from 'constructs'
import { HTTP_ROUTES, type HttpFunctionName, type HttpRoute } from '../../functions/http/routes.ts'
import { type AppConfig, routeThrottle, throttledRouteGroup } from '../config.ts'
import { createLogGroup } from './lambda-defaults.ts'

/**
 * What the access log records: enough to trace a request and its outcome, nothing about who sent it or what.
 * No body, no source IP, no user agent (requesters of MAR must not be identifiable from logs).
 */
export const accessLogFields = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
} as const

/**
 * The scope every staff route requires. Cognito puts `scope` in access tokens only, so an ID token (which would
 * pass the audience check: its `aud` is the client id) is refused at the gateway.
 */
export const STAFF_REQUIRED_SCOPES = ['openid']

/** Why each function's public routes need no authorizer (cdk-nag AwsSolutions-APIG4). */
const PUBLIC_ROUTE_REASONS: Partial<Record<HttpFunctionName, string>> = Object.fromEntries([
  ...(['web-intake-submit', 'follow-up', 'health'] as const).map((name) => [
    name,
    'Public intake: anyone may submit a request, anonymously if they wish (requirement of MAR), and an ' +
      'anonymous requester opens the follow-up box with reference and receipt code instead of a sign-in. ' +
      'Abuse is limited by stage throttling, body limits, validation and per-reference attempt limits in the handler.',
  ]),
  ['actions', 'Action links are capabilities: the signed, expiring token in the path is the authorisation.'],
])

export interface ApiProps {
  readonly config: AppConfig
  /** The staff sign-in (Cognito user pool and the workspace's app client): the JWT authorizer's issuer and audience. */
  readonly staffSignIn: { readonly issuerUrl: string; readonly clientId: string }
  /** The function behind each function name of the route table (functions/http/routes.ts), from its capability. */
  readonly functions: Readonly<Record<HttpFunctionName, lambda.IFunction>>
}

/**
 * The HTTP API (served through CloudFront): its `$default` stage with throttling and an IP-free access log, a
 * throttle per route, the JWT authorizer for staff, and every route of the one route table (functions/http/routes.ts),
 * each sent to the function its capability construct made for that function name.
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi
  readonly stage: apigw.HttpStage
  readonly authorizer: HttpJwtAuthorizer
  readonly routes: apigw.HttpRoute[]

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id)
    const { config } = props

    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'MAR Intake public API (served through CloudFront)',
      createDefaultStage: false,
      // The pages and the API share one origin (CloudFront); other origins only when configured.
      ...(config.allowedOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [config.publicUrl, ...config.allowedOrigins],
              allowMethods: [apigw.CorsHttpMethod.POST],
              allowHeaders: ['content-type', 'idempotency-key'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    })

    const accessLogs = createLogGroup(this, 'AccessLogs', config.retention.logDays)
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: {
        rateLimit: config.limits.throttleRatePerSecond,
        burstLimit: config.limits.throttleBurst,
      },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    })

    this.authorizer = new HttpJwtAuthorizer('AdvisorAuthorizer', props.staffSignIn.issuerUrl, {
      authorizerName: 'advisor-jwt',
      jwtAudience: [props.staffSignIn.clientId],
      identitySource: ['$request.header.Authorization'],
    })

    const functionNames = [...new Set(HTTP_ROUTES.map((route) => route.function))]
    this.routes = functionNames.flatMap((name) => this.addRoutesOf(name, props.functions[name]))
    this.throttleEachRoute(config.limits)
  }

  /** The routes of one function name, to its function: staff routes behind the authorizer, public ones with a reason. */
  private addRoutesOf(name: HttpFunctionName, fn: lambda.IFunction): apigw.HttpRoute[] {
    const integration = new HttpLambdaIntegration(`${pascalCase(name)}Integration`, fn)
    const groups = new Map<string, { path: string; auth: HttpRoute['auth']; methods: apigw.HttpMethod[] }>()
    for (const route of HTTP_ROUTES.filter((candidate) => candidate.function === name) as HttpRoute[]) {
      const key = `${route.auth} ${route.path}`
      const group = groups.get(key) ?? { path: route.path, auth: route.auth, methods: [] }
      group.methods.push(apigw.HttpMethod[route.method])
      groups.set(key, group)
    }
    return [...groups.values()].flatMap(({ path, auth, methods }) => {
      if (auth === 'staff') {
        return this.httpApi.addRoutes({
          path,
          methods,
          integration,
          authorizer: this.authorizer,
          authorizationScopes: STAFF_REQUIRED_SCOPES,
        })
      }
      const reason = PUBLIC_ROUTE_REASONS[name]
      if (reason === undefined) throw new Error(`The public routes of ${name} need a reason to have no authorizer`)
      const routes = this.httpApi.addRoutes({ path, methods, integration })
      for (const route of routes) Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason })
      return routes
    })
  }

  /**
   * Every route of the intake, the follow-up box, the action links and the advisor API gets a throttle of its own
   * (`limits.routes`, as stage route settings), so that a flood on one — valid requests or invalid ones — cannot use
   * up what the others need. A route setting must name an existing route: the stage waits for them.
   */
  private throttleEachRoute(limits: AppConfig['limits']) {
    const cfnStage = this.stage.node.defaultChild as apigw.CfnStage
    const throttled = this.routes
      .map((route) => route.node.defaultChild as apigw.CfnRoute)
      .filter((route) => throttledRouteGroup(route.routeKey) !== undefined)
    cfnStage.routeSettings = Object.fromEntries(
      throttled.map((route) => {
        const { ratePerSecond, burst } = routeThrottle(limits, route.routeKey)
        return [route.routeKey, { ThrottlingRateLimit: ratePerSecond, ThrottlingBurstLimit: burst }]
      }),
    )
    for (const route of throttled) cfnStage.addResourceDependency(route)
  }
}

/** `web-intake-submit` → `WebIntakeSubmit`. */
function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase())
}
