// The call's HTTP calls, shaped by CONTRACTS.md: start, turn, interrupt, end (and the
// tab-closing beacon). Errors come back as CallApiError with plain words for the caller.
import type { CallSettings } from "@/lib/validations/campaign";
import type { Heard } from "./player";

export interface StartedCall {
  conversationId: string;
  callToken: string;
  firstMessage: {
    text: string;
    audio: { format: "pcm_s16le"; sampleRate: number; data: string } | null;
  };
  settings?: CallSettings;
  /** The call's LiveKit room, when the server has one (see ./livekit-room.ts). */
  livekit?: { url: string; token: string; room: string } | null;
}

export type EndReason = "caller_hung_up" | "idle_timeout" | "tab_closed";

export class CallApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** Worth a retry button: the network or a busy server, not a refusal. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const plainWords = (status: number, code: string, fallback: string) => {
  if (status === 0) return "The connection was lost. Check your internet and try again.";
  if (status === 404) return "This call link isn't available.";
  if (status === 429) return "Too many calls right now. Wait a moment and try again.";
  if (status === 401 && code === "unauthorized") return "This call has expired.";
  if (status === 409) return fallback || "This call has ended.";
  if (status >= 500) return "The service is having trouble right now. Try again in a moment.";
  return fallback || "Something went wrong.";
};

async function send(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new CallApiError(plainWords(0, "network", ""), 0, "network", true);
  }
  if (res.ok) return res;
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  const code = body?.error?.code ?? "error";
  const retryable = res.status >= 500 || res.status === 429 || res.status === 409;
  throw new CallApiError(
    plainWords(res.status, code, body?.error?.message ?? ""),
    res.status,
    code,
    retryable && code !== "conflict",
  );
}

const json = (body: unknown, token?: string): RequestInit => ({
  method: "POST",
  headers: {
    "content-type": "application/json",
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  },
  body: JSON.stringify(body),
});

export async function startCall(
  slug: string,
  preview: boolean,
  toldRecorded: boolean,
): Promise<StartedCall> {
  const body = {
    campaignSlug: slug,
    ...(preview ? { preview: true } : {}),
    ...(toldRecorded ? { recordingNotice: true } : {}),
  };
  const res = await send("/api/calls", json(body));
  return res.json();
}

/** Text typed, or transcribed in the browser (`audioMs`: the utterance's length, priced as STT). */
export type TurnBody =
  | { text: string; audioMs?: number }
  | { idle: true }
  | { audio: Blob; transcript?: string };

/** Posts one turn; the caller reads the NDJSON body. Same key on a retry of the same turn. */
export function postTurn(
  token: string,
  body: TurnBody,
  idempotencyKey: string,
  signal: AbortSignal,
): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, "idempotency-key": idempotencyKey };
  if ("audio" in body) {
    const form = new FormData();
    form.set("audio", body.audio, "utterance.wav");
    if (body.transcript) form.set("transcript", body.transcript);
    return send("/api/voice/turn", { method: "POST", headers, body: form, signal });
  }
  const init = json(body, token);
  return send("/api/voice/turn", {
    ...init,
    headers: { ...(init.headers as object), ...headers },
    signal,
  });
}

/** The call's event feed (takeover state, a person's replies): a long NDJSON response. */
export function openFeed(id: string, token: string, after: number | null, signal: AbortSignal) {
  const query = after === null ? "" : `?after=${after}`;
  return send(`/api/calls/${id}/events${query}`, {
    headers: { authorization: `Bearer ${token}` },
    signal,
  });
}

export interface SttToken {
  token: string;
  expiresAt: string;
  expiresIn: number;
  url: string;
}

/** A short-lived Deepgram token for this call's live transcription (see live-stt.ts). */
export async function sttToken(id: string, token: string): Promise<SttToken> {
  const res = await send(`/api/calls/${id}/stt-token`, json(undefined, token));
  return res.json();
}

export async function postInterrupt(token: string, seq: number, heard: Heard) {
  await send("/api/voice/turn/interrupt", json({ seq, ...heard }, token));
}

export async function endCall(id: string, token: string, reason: EndReason) {
  await send(`/api/calls/${id}/end`, json({ reason }, token));
}

/** The tab is closing: a beacon cannot set headers, so the token rides in the body. */
export function beaconEnd(id: string, token: string) {
  const body = new Blob([JSON.stringify({ callToken: token, reason: "tab_closed" })], {
    type: "application/json",
  });
  return navigator.sendBeacon(`/api/calls/${id}/end`, body);
}
