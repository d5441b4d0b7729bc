// The limits per route group, and the interface every limiter backend implements.
export const RATE_LIMITS = {
  callStart: { tokens: 10, windowSeconds: 60 },
  voiceTurn: { tokens: 120, windowSeconds: 60 },
  auth: { tokens: 10, windowSeconds: 60 },
  token: { tokens: 30, windowSeconds: 60 },
  /** Deepgram tokens per conversation, whichever clients ask: a leaked call token cannot mint more. */
  sttTokenPerCall: { tokens: 20, windowSeconds: 60 },
  /** Opens of one call's event feed (it reconnects about once a minute), whoever asks. */
  callFeedPerCall: { tokens: 10, windowSeconds: 60 },
  /** The public API, per client address, before any key is looked up (made-up keys too). */
  apiClient: { tokens: 300, windowSeconds: 60 },
  /** The public API, per key (lib/api-keys/authenticate.ts). */
  apiKey: { tokens: 60, windowSeconds: 60 },
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
