// GET /api/calls/:id/events — the call's event feed (NDJSON): takeover state and a person's replies, spoken
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ndjsonResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";
import { callerFeed } from "@/lib/live/caller-feed";
import { enforceRateLimit } from "@/lib/ratelimit";
import { signCallToken } from "@/lib/voice/call-token";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 60;

const query = z.strictObject({
  /** The last reply this page got (a reconnect resumes after it). */
  after: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

export const GET = route(
  { auth: "caller", params: z.strictObject({ id: z.uuid() }), query },
  async ({ caller, params, query }) => {
    if (caller.sub !== params.id)
      throw new AppError("unauthorized", "This call token is for another call", 401);
    await enforceRateLimit("callFeedPerCall", caller.sub);
    const stop = new AbortController();
    const events = callerFeed(caller, getProviders(), query.after ?? null, stop.signal);
    return ndjsonResponse(events, await signCallToken(caller), () => stop.abort());
  },
);
