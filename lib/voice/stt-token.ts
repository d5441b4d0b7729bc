// A short-lived Deepgram token for one call's live transcription: the browser streams the
// caller's microphone to Deepgram with it, and the API key never leaves the server. Granted
// only for an active call whose STT is Deepgram; the token opens sockets for
// LIVE_STT.tokenTtlSeconds (Deepgram keeps an open socket going past that).
import "server-only";
import { DeepgramClient } from "@deepgram/sdk";
import { withCaller } from "@/lib/db/scoped";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { CallClaims } from "./call-token";
import { deepgramLiveOrigin, LIVE_STT, liveListenUrl } from "./stt-live";

export interface SttToken {
  token: string;
  /** ISO time; the page refreshes a token before this. */
  expiresAt: string;
  expiresIn: number;
  /** The live websocket URL with its query (model, encoding, sample rate, ...). */
  url: string;
}

/** The grant is one small request: a slow Deepgram means the page uploads this turn instead. */
const GRANT_TIMEOUT_MS = 3_000;

let client: { key: string; base: string | undefined; dg: DeepgramClient } | undefined;
function deepgram(apiKey: string, baseUrl: string | undefined) {
  if (client?.key !== apiKey || client.base !== baseUrl)
    client = { key: apiKey, base: baseUrl, dg: new DeepgramClient({ apiKey, baseUrl }) };
  return client.dg;
}

async function callStatus(claims: CallClaims): Promise<string | null> {
  const row = await withCaller(claims, (trx) =>
    trx
      .selectFrom("conversations")
      .select("status")
      .where("id", "=", claims.sub)
      .where("started_at", "=", new Date(claims.sat))
      .executeTakeFirst(),
  );
  return row?.status ?? null;
}

export async function grantSttToken(claims: CallClaims): Promise<SttToken> {
  const e = env();
  const origin = deepgramLiveOrigin(e);
  if (!origin)
    throw new AppError("not_found", "Streaming transcription is not configured here", 404);
  const status = await callStatus(claims);
  if (!status) throw new AppError("unauthorized", "This call no longer exists", 401);
  if (status !== "active") throw new AppError("conflict", "This call has ended", 409);

  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), GRANT_TIMEOUT_MS);
  let granted: { access_token?: unknown; expires_in?: unknown } | null;
  try {
    granted = await deepgram(e.DEEPGRAM_API_KEY!, e.DEEPGRAM_BASE_URL).auth.v1.tokens.grant(
      { ttl_seconds: LIVE_STT.tokenTtlSeconds },
      { abortSignal: abort.signal, maxRetries: 0 },
    );
  } catch (error) {
    const failed = new AppError("provider_unavailable", "Deepgram did not grant a token", 502);
    throw Object.assign(failed, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  // A 200 with an HTML or empty body resolves (FACTS.md): check what came back.
  if (typeof granted?.access_token !== "string" || !granted.access_token)
    throw new AppError("provider_unavailable", "Deepgram answered without a token", 502);
  const asked = LIVE_STT.tokenTtlSeconds;
  const given = typeof granted.expires_in === "number" ? granted.expires_in : asked;
  const expiresIn = Math.max(1, Math.min(asked, given));
  return {
    token: granted.access_token,
    expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
    expiresIn,
    url: liveListenUrl(origin, claims.lng),
  };
}
