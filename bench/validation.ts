import { parseWebRequest } from '../functions/core/cases/web-request.ts'
import { ValidationError } from '../functions/core/shared/errors.ts'
import { invalidRequest, validRequest } from './requests.ts'
import { summarise, type Timing } from './stats.ts'

/**
 * Case 2: the request schema alone (parseWebRequest, zod/mini), on the valid and on the invalid request. One call
 * takes microseconds, so calls are timed in batches and each sample is a batch's time per call.
 */

export interface ValidationOptions {
  batchSize: number
  warmupCalls: number
}

export interface ValidationResults {
  valid: Timing
  invalid: Timing
}

/**
 * Warms the schema up, then hands out `round(batches)`: run.ts calls it between the handler's rounds, so that the
 * parse times and the handler times are taken under the same machine load.
 */
export function createValidationBench(options: ValidationOptions) {
  const parseValid = () => parseWebRequest(validRequest)
  const parseInvalid = () => {
    try {
      parseWebRequest(invalidRequest)
    } catch (error) {
      if (error instanceof ValidationError) return error
      throw error
    }
    throw new Error('The invalid request passed validation')
  }
  for (let index = 0; index < options.warmupCalls; index++) {
    parseValid()
    parseInvalid()
  }
  const valid: number[] = []
  const invalid: number[] = []
  const batch = (work: () => unknown): number => {
    const start = performance.now()
    for (let index = 0; index < options.batchSize; index++) work()
    return (performance.now() - start) / options.batchSize
  }
  return {
    round(batches: number) {
      for (let index = 0; index < batches; index++) {
        // Alternate which goes first, as the handler cases rotate.
        if ((valid.length + index) % 2 === 0) {
          valid.push(batch(parseValid))
          invalid.push(batch(parseInvalid))
        } else {
          invalid.push(batch(parseInvalid))
          valid.push(batch(parseValid))
        }
      }
    },
    results: (): ValidationResults => ({
      valid: summarise(valid, options.batchSize),
      invalid: summarise(invalid, options.batchSize),
    }),
  }
}
