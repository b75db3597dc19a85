/**
 * API Gateway's throttling as a token bucket: `burst` requests at once, refilled at `ratePerSecond`.
 * Time is read from the wall clock on purpose: throttling protects this process, whatever the dev clock says.
 */
export class TokenBucket {
  private tokens: number
  private updatedAt = performance.now()

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst
  }

  /** Takes a token, or says how many whole seconds until one is free. */
  take(): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = performance.now()
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond)
    this.updatedAt = now
    if (this.tokens >= 1) {
      this.tokens -= 1
      return { allowed: true }
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.ratePerSecond)) }
  }
}

/**
 * API Gateway's throttling per route: each route key (`POST /api/requests`) has a bucket of its own with the limits
 * `limitsOf` gives it (lib/config.ts `routeThrottle`: its group's, or the stage's), as the stage's route settings do
 * in AWS — so a flood on one route cannot starve the others.
 */
export class RouteThrottle {
  private readonly buckets = new Map<string, TokenBucket>()

  constructor(private readonly limitsOf: (routeKey: string) => { ratePerSecond: number; burst: number }) {}

  take(routeKey: string): ReturnType<TokenBucket['take']> {
    let bucket = this.buckets.get(routeKey)
    if (bucket === undefined) {
      const { ratePerSecond, burst } = this.limitsOf(routeKey)
      bucket = new TokenBucket(ratePerSecond, burst)
      this.buckets.set(routeKey, bucket)
    }
    return bucket.take()
  }
}
