// The limits per route group, and the interface every limiter backend implements.
export const RATE_LIMITS = {
  callStart: { tokens: 10, windowSeconds: 60 },
  voiceTurn: { tokens: 120, windowSeconds: 60 },
  auth: { tokens: 10, windowSeconds: 60 },
  token: { tokens: 30, windowSeconds: 60 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** When the window resets, in epoch milliseconds. */
  reset: number;
}

export interface Limiter {
  limit(name: RateLimitName, key: string): Promise<RateLimitResult>;
}
