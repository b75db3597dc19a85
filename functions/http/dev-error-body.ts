import * as z from 'zod/mini'

/**
 * The error body of the local roster endpoints (`PUT` and `GET /_dev/roster`, in `local/dev-roster.ts`) as
 * `npm run roster` reads it: here, and not in `local/`, because nothing outside `bench/` and `test/` imports `local/`.
 */
export const devErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.optional(z.string()),
    problems: z.optional(z.array(z.string())),
  }),
})
