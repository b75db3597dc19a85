/** What one timed case reports: its sample count, the median and 95th percentile latency, and throughput. */
export interface Timing {
  ops: number
  medianMs: number
  p95Ms: number
  opsPerSecond: number
}

/** Summarises per-operation latencies; ops/s is operations over the summed measured time (1000 / mean). */
export function summarise(samplesMs: number[], opsPerSample = 1): Timing {
  if (samplesMs.length === 0) throw new Error('No samples to summarise')
  const sorted = [...samplesMs].sort((a, b) => a - b)
  const total = sorted.reduce((sum, value) => sum + value, 0)
  return {
    ops: samplesMs.length * opsPerSample,
    medianMs: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    opsPerSecond: (samplesMs.length * 1000) / total,
  }
}

/** Linear interpolation between the closest ranks of an ascending list. */
export function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  const low = sorted[lower] ?? Number.NaN
  const high = sorted[upper] ?? low
  return low + (high - low) * (position - lower)
}

/** Wall time of `work` in milliseconds. */
export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

/** Rounds to `digits` significant digits, so results.json diffs stay readable. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value
  return Number(value.toPrecision(digits))
}

/** The cases in a different order each round, so no case always runs first or last in a round. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length
  return [...items.slice(shift), ...items.slice(0, shift)]
}
