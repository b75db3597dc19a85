import type { FieldErrors } from '../core/shared/errors.ts'

/** An HTTP answer that is not a success, raised by the HTTP layer itself (body limits, media types, throttling). */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldErrors,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}
