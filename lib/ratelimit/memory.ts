// Fixed-window counters in this process's memory: right for one machine, and the fallback
// when Upstash is not configured.
import { type Limiter, RATE_LIMITS } from "./limits";

const SOFT_CAP = 10_000;
const HARD_CAP = 50_000;

export function inProcessLimiter(): Limiter {
  const windows = new Map<string, { count: number; reset: number }>();
  let sweptAt = 0;
  // Past the soft cap, expired windows are swept at most once a second (a sweep is O(n): doing
  // it per request let a flood of distinct clients make every request slow). Past the hard
  // cap the oldest windows go, so memory stays bounded whatever arrives.
  const prune = (now: number) => {
    if (windows.size > SOFT_CAP && now - sweptAt > 1000) {
      sweptAt = now;
      for (const [k, w] of windows) if (w.reset <= now) windows.delete(k);
    }
    for (const k of windows.keys()) {
      if (windows.size <= HARD_CAP) break;
      windows.delete(k);
    }
  };
  return {
    async limit(name, key) {
      const { tokens, windowSeconds } = RATE_LIMITS[name];
      const now = Date.now();
      const id = `${name}:${key}`;
      let window = windows.get(id);
      if (!window || window.reset <= now) {
        window = { count: 0, reset: now + windowSeconds * 1000 };
        windows.delete(id);
        windows.set(id, window);
        prune(now);
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
