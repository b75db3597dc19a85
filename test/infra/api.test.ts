import { Template } from 'aws-cdk-lib/assertions'
import type * as lambda from 'aws-cdk-lib/aws-lambda'
import { beforeAll, describe, expect, it } from 'vitest'
import { HTTP_ROUTES, type HttpFunctionName } from '../../functions/http/routes.ts'
import type { StatelessStack } from '../../lib/stacks/stateless-stack.ts'
import { buildApp, cdkConfig, onlyResource, type Resource } from './app.ts'

// The built-in CloudFormation validation (seconds per worker) runs in nag.test.ts, which synthesizes the whole app.
process.env.CDK_VALIDATION = 'false'

let stack: StatelessStack
let resources: Record<string, Resource>
beforeAll(() => {
  stack = buildApp(cdkConfig).stateless
  resources = Template.fromStack(stack).toJSON().Resources
})

const routes = () =>
  Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
    .map((route) => route.Properties)

describe('Api: every route from the one route table (functions/http/routes.ts)', () => {
  it('has exactly the routes of the table, no more', () => {
    expect(
      routes()
        .map((route) => route.RouteKey as string)
        .sort(),
    ).toEqual(HTTP_ROUTES.map((route) => `${route.method} ${route.path}`).sort())
  })

  it('sends each route to the function its capability made for the route’s function name', () => {
    const functionIdOf: Record<HttpFunctionName, string> = {
      'web-intake-submit': logicalId(stack.webIntake.submitFunction),
      health: logicalId(stack.webIntake.healthFunction),
      'follow-up': logicalId(stack.webIntake.followUpFunction),
      actions: logicalId(stack.actionLinks.function),
      'advisor-api': logicalId(stack.advisorApi.function),
    }
    for (const route of HTTP_ROUTES) {
      const key = `${route.method} ${route.path}`
      const synthesized = routes().find((candidate) => candidate.RouteKey === key)
      const integrationId = synthesized?.Target['Fn::Join'][1][1].Ref
      expect(resources[integrationId]?.Properties.IntegrationUri, key).toEqual({
        'Fn::GetAtt': [functionIdOf[route.function], 'Arn'],
      })
    }
  })

  it('puts the staff routes behind the JWT authorizer (scope openid) and no public route', () => {
    const [authorizerId] = onlyResource(Template.fromStack(stack), 'AWS::ApiGatewayV2::Authorizer', 'Api')
    for (const route of HTTP_ROUTES) {
      const key = `${route.method} ${route.path}`
      const synthesized = routes().find((candidate) => candidate.RouteKey === key)
      if (route.auth === 'staff') {
        expect(synthesized, key).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
          AuthorizationScopes: ['openid'],
        })
      } else {
        expect([synthesized?.AuthorizationType ?? 'NONE', synthesized?.AuthorizerId], key).toEqual(['NONE', undefined])
      }
    }
  })
})

function logicalId(fn: lambda.IFunction): string {
  return stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)
}
