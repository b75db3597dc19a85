/**
 * API Gateway's stage throttling as a token bucket: `burst` requests at once, refilled at `ratePerSecond`.
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
