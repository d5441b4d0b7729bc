// Sliding-window limits in Upstash Redis (@upstash/ratelimit), shared by every serverless
// instance. The ephemeral cache remembers blocked keys in this instance's memory, so a
// client hammering past its limit costs no Redis round trip until its window resets.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { type Limiter, RATE_LIMITS, type RateLimitName } from "./limits";

export interface UpstashLimiterOptions {
  url: string;
  token: string;
  /** Cache blocked keys in memory (default true); tests turn it off to see every call. */
  ephemeralCache?: boolean;
  /** Key prefix, so environments sharing one database keep separate counters. */
  prefix?: string;
  /** Milliseconds to wait for Redis before letting the request through (default 1000). */
  timeoutMs?: number;
}

export function upstashLimiter(options: UpstashLimiterOptions): Limiter {
  // One retry at most: a limiter that stalls a request for seconds does more harm than good.
  const redis = new Redis({
    url: options.url,
    token: options.token,
    retry: { retries: 1, backoff: () => 50 },
    enableTelemetry: false,
  });
  const limiters = new Map<RateLimitName, Ratelimit>();
  const limiterFor = (name: RateLimitName) => {
    let limiter = limiters.get(name);
    if (!limiter) {
      const { tokens, windowSeconds } = RATE_LIMITS[name];
      limiter = new Ratelimit({
        redis,
        limiter: Ratelimit.slidingWindow(tokens, `${windowSeconds} s`),
        prefix: `${options.prefix ?? "voxline:ratelimit"}:${name}`,
        ephemeralCache: options.ephemeralCache === false ? false : new Map(),
        timeout: options.timeoutMs ?? 1000,
        analytics: false,
      });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  return {
    async limit(name, key) {
      const { success, limit, remaining, reset } = await limiterFor(name).limit(key);
      return { success, limit, remaining, reset };
    },
  };
}
