import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { advisorFromClaims } from '../../../functions/http/advisor-claims.ts'
import { HttpProblem } from '../../../functions/http/problem.ts'

function eventWith(claims: Record<string, unknown> | undefined): APIGatewayProxyEventV2 {
  return {
    requestContext:
      claims === undefined ? { http: { method: 'GET' } } : { authorizer: { jwt: { claims, scopes: null } } },
  } as unknown as APIGatewayProxyEventV2
}

function problemOf(event: APIGatewayProxyEventV2): HttpProblem {
  try {
    advisorFromClaims(event)
  } catch (error) {
    if (error instanceof HttpProblem) return error
    throw error
  }
  throw new Error('expected a problem')
}

describe('Rule: the signed-in advisor from the JWT authorizer’s claims', () => {
  it.each([
    ['the text API Gateway makes of an array claim', '[advisor coordinator]', ['advisor', 'coordinator']],
    ['one group', '[coordinator]', ['coordinator']],
    ['an array', ['coordinator', 'advisor'], ['advisor', 'coordinator']],
    ['groups separated by commas', '[advisor,coordinator]', ['advisor', 'coordinator']],
    ['groups MAR does not know, which grant nothing', '[admins advisor testers]', ['advisor']],
    ['no groups', '[]', []],
  ])('reads the roles from %s', (_kind, groups, roles) => {
    // Act
    const advisor = advisorFromClaims(eventWith({ username: 'adv-01', 'cognito:groups': groups }))

    // Assert
    expect(advisor).toEqual({ id: 'adv-01', roles })
  })

  it('grants no role when the token carries no groups', () => {
    // Act
    const advisor = advisorFromClaims(eventWith({ username: 'adv-01', client_id: 'app' }))

    // Assert
    expect(advisor).toEqual({ id: 'adv-01', roles: [] })
  })

  it('does not read a group whose name merely contains a role', () => {
    // Act
    const advisor = advisorFromClaims(eventWith({ username: 'adv-01', 'cognito:groups': '[advisors not-coordinator]' }))

    // Assert
    expect(advisor.roles).toEqual([])
  })

  it.each([
    ['no claims at all (the authorizer did not run)', undefined],
    ['claims without a username', { sub: '1234', 'cognito:groups': '[advisor]' }],
    ['a username that is not text', { username: 42 }],
    ['an empty username', { username: '' }],
    ['a username with a space', { username: 'adv 01' }],
    ['a username with a line break', { username: 'adv-01\n' }],
    ['a username of 65 characters', { username: `a${'b'.repeat(64)}` }],
    ['a username that starts with a dot', { username: '.adv-01' }],
  ])('answers 401 for %s', (_kind, claims) => {
    // Act
    const problem = problemOf(eventWith(claims))

    // Assert
    expect({ status: problem.status, code: problem.code }).toEqual({ status: 401, code: 'unauthorized' })
  })

  it('accepts a username of 64 roster-id characters', () => {
    // Arrange
    const username = `a${'b._-'.repeat(15)}123`

    // Act
    const advisor = advisorFromClaims(eventWith({ username, 'cognito:groups': '[advisor]' }))

    // Assert
    expect(username).toHaveLength(64)
    expect(advisor.id).toBe(username)
  })
})
