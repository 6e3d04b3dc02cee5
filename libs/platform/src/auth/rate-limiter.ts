/**
 * Token bucket per API key, in process memory. Each instance limits independently; with
 * N instances behind a balancer a key gets at most N × the rate, which is the intent
 * (protect each process), not a billing quota.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = t;
    if (this.buckets.size > 10_000) this.sweep(t);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.ratePerSecond));
  }

  private sweep(t: number): void {
    for (const [key, bucket] of this.buckets) {
      if (t - bucket.at > (this.burst / this.ratePerSecond) * 1000) this.buckets.delete(key);
    }
  }
}
