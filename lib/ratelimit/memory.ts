// Fixed-window counters in this process's memory: right for one machine, and the fallback
// when Upstash is not configured.
import { type Limiter, RATE_LIMITS } from "./limits";

export function inProcessLimiter(): Limiter {
  const windows = new Map<string, { count: number; reset: number }>();
  return {
    async limit(name, key) {
      const { tokens, windowSeconds } = RATE_LIMITS[name];
      const now = Date.now();
      const id = `${name}:${key}`;
      let window = windows.get(id);
      if (!window || window.reset <= now) {
        window = { count: 0, reset: now + windowSeconds * 1000 };
        windows.set(id, window);
        if (windows.size > 10_000) {
          for (const [k, w] of windows) if (w.reset <= now) windows.delete(k);
        }
      }
      window.count++;
      return {
        success: window.count <= tokens,
        limit: tokens,
        remaining: Math.max(0, tokens - window.count),
        reset: window.reset,
      };
    },
  };
}
