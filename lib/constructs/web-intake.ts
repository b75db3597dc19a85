import { fileURLToPath } from 'node:url'
import { Aspects, Duration, type IAspect, Lazy, Validations } from 'aws-cdk-lib'
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway'
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb'
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { Construct } from 'constructs'
import { type AppConfig, routeThrottle, throttledRouteGroup } from '../config.ts'
import { grantCaseTableAccess, CASE_TABLE_PARTITIONS as partitions } from './case-table-access.ts'
import { createLogGroup, createNodeFunction } from './lambda-defaults.ts'

const entry = (file: string) => fileURLToPath(new URL(`../../functions/web-intake/${file}`, import.meta.url))

/**
 * Every route of the intake, the follow-up box, the action links and the advisor API gets a throttle of its own
 * (`limits.routes`, as stage route settings), so that a flood on one — valid requests or invalid ones — cannot use
 * up what the others need. The routes are added by several constructs, so the settings are filled in at synthesis
 * from the routes the API then has, and the stage waits for them (a route setting must name an existing route).
 */
function throttleEachRoute(api: apigw.HttpApi, stage: apigw.HttpStage, limits: AppConfig['limits']) {
  const cfnStage = stage.node.defaultChild as apigw.CfnStage
  const routes = () =>
    api.node
      .findAll()
      .filter((node): node is apigw.CfnRoute => node instanceof apigw.CfnRoute)
      .filter((route) => throttledRouteGroup(route.routeKey) !== undefined)
  cfnStage.routeSettings = Lazy.any({
    produce: () =>
      Object.fromEntries(
        routes().map((route) => {
          const { ratePerSecond, burst } = routeThrottle(limits, route.routeKey)
          return [route.routeKey, { ThrottlingRateLimit: ratePerSecond, ThrottlingBurstLimit: burst }]
        }),
      ),
  })
  const waitForRoutes: IAspect = {
    visit: (node) => {
      if (node === cfnStage) for (const route of routes()) cfnStage.addResourceDependency(route)
    },
  }
  Aspects.of(stage).add(waitForRoutes)
}

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

export interface WebIntakeProps {
  readonly config: AppConfig
  readonly table: dynamodb.ITable
}

/** The web intake: the HTTP API, its submit, follow-up and health functions and its access log. */
export class WebIntake extends Construct {
  readonly api: apigw.HttpApi
  readonly submitFunction: NodejsFunction
  readonly followUpFunction: NodejsFunction
  readonly healthFunction: NodejsFunction

  constructor(scope: Construct, id: string, props: WebIntakeProps) {
    super(scope, id)
    const { config, table } = props

    this.submitFunction = createNodeFunction(this, 'SubmitFunction', {
      entry: entry('submit.ts'),
      description: 'web intake: stores a submitted request as a case',
      logRetention: config.retention.logDays,
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
        CASE_RETENTION_DAYS: String(config.retention.caseDays),
        MAX_BODY_BYTES: String(config.limits.maxBodyBytes),
      },
    })
    // The submit function stores a case (and reads it back for a repeated Idempotency-Key), claims and releases
    // idempotency keys; it queries nothing.
    grantCaseTableAccess(table, this.submitFunction, {
      items: [
        { actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], partitions: [partitions.cases] },
        {
          actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
          partitions: [partitions.idempotency],
        },
      ],
    })

    this.followUpFunction = createNodeFunction(this, 'FollowUpFunction', {
      entry: fileURLToPath(new URL('../../functions/follow-up/follow-up.ts', import.meta.url)),
      description: "anonymous follow-up: opens a case's box with reference and receipt, takes the requester's reply",
      logRetention: config.retention.logDays,
      // scrypt (N = 2^14, r = 8) takes 16 MiB per check and CPU, which Lambda gives in proportion to memory.
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: table.tableName,
        PUBLIC_URL: config.publicUrl,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
        CASE_RETENTION_DAYS: String(config.retention.caseDays),
        MAX_BODY_BYTES: String(config.limits.maxBodyBytes),
      },
    })
    // It reads the case and its messages (one partition), counts attempts, reads the roster, queues the assignee's
    // notice and re-opens the case; it queries no index.
    grantCaseTableAccess(table, this.followUpFunction, {
      items: [
        {
          actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          partitions: [partitions.cases],
        },
        { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], partitions: [partitions.followUpAttempts] },
        { actions: ['dynamodb:GetItem'], partitions: [partitions.roster] },
      ],
    })

    this.healthFunction = createNodeFunction(this, 'HealthFunction', {
      entry: entry('health.ts'),
      description: 'web intake: health check',
      logRetention: config.retention.logDays,
      memorySize: 128,
      timeout: Duration.seconds(3),
      environment: {},
    })

    this.api = new apigw.HttpApi(this, 'HttpApi', {
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
    const stage = this.api.addStage('DefaultStage', {
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
    throttleEachRoute(this.api, stage, config.limits)

    this.api.addRoutes({
      path: '/api/requests',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('SubmitIntegration', this.submitFunction),
    })
    for (const path of ['/api/follow-up', '/api/follow-up/messages']) {
      this.api.addRoutes({
        path,
        methods: [apigw.HttpMethod.POST],
        integration: new HttpLambdaIntegration(
          `FollowUpIntegration${path.endsWith('messages') ? 'Messages' : ''}`,
          this.followUpFunction,
        ),
      })
    }
    this.api.addRoutes({
      path: '/health',
      methods: [apigw.HttpMethod.GET],
      integration: new HttpLambdaIntegration('HealthIntegration', this.healthFunction),
    })
    for (const route of this.api.node.findAll().filter((node) => node instanceof apigw.CfnRoute)) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public intake: anyone may submit a request, anonymously if they wish (requirement of MAR), and an ' +
          'anonymous requester opens the follow-up box with reference and receipt code instead of a sign-in. ' +
          'Abuse is limited by stage throttling, body limits, validation and per-reference attempt limits in the handler.',
      })
    }
  }
}
