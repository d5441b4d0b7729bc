// Rate limits by name and key (usually the client address, see client-address.ts). One interface, two backends: Upstash
// Redis when configured (shared by every serverless instance), in-process otherwise.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import { clientAddress } from "./client-address";
import type { Limiter, RateLimitName } from "./limits";
import { inProcessLimiter } from "./memory";
import { upstashLimiter } from "./upstash";

export { clientAddress, trustProxy } from "./client-address";
export { type Limiter, RATE_LIMITS, type RateLimitName, type RateLimitResult } from "./limits";

let limiter: Limiter | undefined;

export function getLimiter(): Limiter {
  if (!limiter) {
    const { enabled, UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN } = env();
    limiter = enabled.upstash
      ? upstashLimiter({ url: UPSTASH_REDIS_REST_URL!, token: UPSTASH_REDIS_REST_TOKEN! })
      : inProcessLimiter();
  }
  return limiter;
}

/** For tests: use `next` (or choose again from the environment on the next call). */
export function setLimiter(next?: Limiter) {
  limiter = next;
}

/** Throws a 429 AppError with retryAfter when `key` is over the `name` limit. */
export async function enforceRateLimit(name: RateLimitName, key: string) {
  let result: Awaited<ReturnType<Limiter["limit"]>>;
  try {
    result = await getLimiter().limit(name, key);
  } catch (error) {
    // Fail open: a broken limiter backend (Upstash down, token revoked) must not take
    // sign-in and calls down with it. It is logged and reported so someone fixes it.
    logger.warn({ err: error, limit: name }, "rate limiter unavailable: request allowed");
    captureError(error, { route: `ratelimit:${name}` });
    return;
  }
  if (!result.success) {
    const retryAfter = Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
    throw new AppError(
      "rate_limited",
      `Too many requests: try again in ${retryAfter} s`,
      429,
      undefined,
      retryAfter,
    );
  }
}

/** Kept for routes still on the old route(fn) form: the trusted client address. */
export const clientIp = (req: Request) => clientAddress(req);
