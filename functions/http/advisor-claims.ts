import type { APIGatewayProxyEventV2 } from 'aws-lambda'
import { ADVISOR_ROLES, type AdvisorRole } from '../core/roster/roster.ts'
import type { ActingAdvisor } from '../core/roster/staff.ts'
import { HttpProblem } from './problem.ts'

/** Roster ids, as Cognito usernames of MAR staff are created (see README: advisor sign-in). */
const ADVISOR_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

type Claims = Record<string, string | number | boolean | string[]>

/**
 * The one place where the JWT authorizer's claims become the advisor that use cases receive: the roster id from
 * `username`, the roles from `cognito:groups`. API Gateway hands array claims over as the text "[advisor coordinator]";
 * an array is read the same. No claims (the authorizer did not run) is a 401, never a guess.
 */
export function advisorFromClaims(event: APIGatewayProxyEventV2): ActingAdvisor {
  const claims = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer?.jwt?.claims
  const username = claims?.username
  if (typeof username !== 'string' || !ADVISOR_ID.test(username)) {
    throw new HttpProblem(401, 'unauthorized', 'Sign in to MAR Intake.')
  }
  return { id: username, roles: groupsOf(claims?.['cognito:groups']) }
}

function groupsOf(value: Claims[string] | undefined): AdvisorRole[] {
  const names = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.replace(/^\[|\]$/g, '').split(/[\s,]+/)
      : []
  return ADVISOR_ROLES.filter((role) => names.includes(role))
}
