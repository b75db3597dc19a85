import * as z from 'zod/mini'

/**
 * What a deployed Lambda reads from its environment (set by lib/constructs). Parsed once, at cold start;
 * a missing or malformed variable fails the cold start loudly instead of a request quietly.
 */
const lambdaEnvironmentSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  PUBLIC_URL: z.url(),
  /** Comma-separated origins allowed to call the API from a browser (besides the public URL itself). */
  ALLOWED_ORIGINS: z._default(z.string(), ''),
  /** How long a case is kept before DynamoDB's TTL removes it. */
  CASE_RETENTION_DAYS: z.pipe(
    z.string(),
    z.transform((value) => Number.parseInt(value, 10)),
  ),
  MAX_BODY_BYTES: z._default(
    z.pipe(
      z.string(),
      z.transform((value) => Number.parseInt(value, 10)),
    ),
    65536,
  ),
})

export type LambdaEnvironment = z.infer<typeof lambdaEnvironmentSchema>

export function readLambdaEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  return lambdaEnvironmentSchema.parse(env)
}
