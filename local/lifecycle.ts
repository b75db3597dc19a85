/**
 * What the local stack started, to stop in reverse order: the last thing started is the first stopped. A start that
 * fails halfway stops what it had started, so nothing is left listening.
 */
export class Lifecycle {
  private readonly stops: Array<() => unknown> = []

  onStop(stop: () => unknown): void {
    this.stops.unshift(stop)
  }

  async stop(): Promise<void> {
    for (const stop of this.stops.splice(0)) await stop()
  }
}
