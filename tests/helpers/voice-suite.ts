// One voice-turn suite's setup, shared by the fault suites: the OpenAI and Deepgram stand-ins,
// providers pointed at them with the fixed phrases warmed, an active campaign, and the checks
// every faulty turn is held to (error then done, whole-sample audio, time to done).
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { DB } from "@/lib/db/schema.gen";
import type { VoiceSettings } from "@/lib/validations/campaign";
import { BOUNDS } from "@/lib/voice/engine/bounds";
import { warmPhrases } from "@/lib/voice/engine/phrases";
import { getProviders } from "@/lib/voice/providers";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { startDeepgramStandIn } from "../stand-ins/deepgram";
import { startOpenAiStandIn } from "../stand-ins/openai";
import { createActiveCampaign, startCall } from "./calls";
import { type Combo, resetToEmbedded, standInAgent, useProviders } from "./providers";
import {
  expectWholeSamples,
  replyText,
  shape,
  type TimedTurn,
  type TurnBody,
  timedTurn,
} from "./turn-stream";
import { wavFile } from "./wav";

/** What the stand-in agent (standInAgent) answers to an ordinary turn. */
export const FULL_REPLY = "Thanks, that helps. What else should I know?";

export interface TurnRow {
  seq: number;
  role: string;
  text: string;
  error_code: string | null;
  interrupted: boolean;
  incomplete: boolean;
  idempotency_key: string | null;
  claim_expires_at: Date | null;
  audio_duration_ms: number | null;
  cost_usd: string;
  stt_seconds: string;
}

export interface VoiceSuite {
  openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  slug: string;
  voice: VoiceSettings;
  /** A caller saying "I need a new roof", as a WAV file. */
  utterance: Uint8Array;
  /** Points the providers at the stand-ins and warms the fixed phrases for this combination. */
  useCombo(combo: Combo): Promise<void>;
  /** Starts a call on the suite's campaign, as the call page does. */
  newCall(): Promise<{ conversationId: string; callToken: string }>;
  /** The call's turns as stored, greeting first. */
  turnsOf(conversationId: string): Promise<TurnRow[]>;
}

const DEFAULT_COMBO: Combo = { stt: "deepgram", llm: "openai", tts: "openai" };

/** Registers the suite's hooks; the returned object is filled in by its beforeAll. Each test
 * starts with no fault armed; BOUNDS are set to `bounds` for the suite and restored after. */
export function voiceSuite(
  db: () => Kysely<DB>,
  options: { combo?: Combo; bounds?: Partial<typeof BOUNDS> } = {},
): VoiceSuite {
  const saved = { ...BOUNDS };
  const s = {
    async useCombo(combo: Combo) {
      useProviders(combo, { openai: s.openai, deepgram: s.deepgram });
      const p = getProviders();
      await warmPhrases(p.tts, s.voice);
      if (p.ttsFallback) await warmPhrases(p.ttsFallback, s.voice);
    },
    newCall: async () =>
      (await startCall(s.slug)).body as { conversationId: string; callToken: string },
    turnsOf: async (conversationId: string) =>
      (
        await sql<TurnRow>`select seq, role, text, error_code, interrupted, incomplete,
             idempotency_key, claim_expires_at, audio_duration_ms, cost_usd, stt_seconds
           from turns where conversation_id = ${conversationId} order by seq`.execute(db())
      ).rows,
  } as VoiceSuite;

  beforeAll(async () => {
    [s.openai, s.deepgram] = await Promise.all([
      startOpenAiStandIn({ reply: standInAgent }),
      startDeepgramStandIn(),
    ]);
    Object.assign(BOUNDS, options.bounds);
    const { campaign } = await createActiveCampaign(db());
    s.slug = campaign.publicSlug;
    s.voice = (
      await sql<{
        v: VoiceSettings;
      }>`select voice_settings as v from campaigns where id = ${campaign.id}`.execute(db())
    ).rows[0]!.v;
    s.utterance = wavFile(await synthesizeWav("I need a new roof"));
    await s.useCombo(options.combo ?? DEFAULT_COMBO);
  });

  beforeEach(() => {
    s.openai.faults.clear();
    s.deepgram.faults.clear();
  });

  afterAll(async () => {
    Object.assign(BOUNDS, saved);
    resetToEmbedded();
    await Promise.all([s.openai?.close(), s.deepgram?.close()]);
  });

  return s;
}

/** Each stand-in route's request path. */
export const PATHS = {
  listen: "/v1/listen",
  speak: "/v1/speak",
  chat: "/v1/chat/completions",
  speech: "/v1/audio/speech",
} as const;

type StandIn = { requests: { path: string; at: number }[] };

/** How many requests the stand-in has had on `path`. */
export const requestsTo = (stand: StandIn, path: string) =>
  stand.requests.filter((r) => r.path === path).length;

/** The first request on `path` at or after `since` (a performance.now() time). */
export function requestSince(stand: StandIn, path: string, since: number) {
  const found = stand.requests.find((r) => r.path === path && r.at >= since);
  expect(found, `a request to ${path}`).toBeDefined();
  return found!;
}

/** The call token the turn's `done` event hands on to the next turn. */
export const tokenOf = (t: { events: any[] }) => t.events.at(-1).callToken as string;

/** A turn that went wrong at `expected.stage`: streamed (200), an error event with that code,
 * and `done` last, after it. Returns the error event. */
export function expectErrorThenDone(t: TimedTurn, expected: { stage: string; code: string }) {
  expect(t.status).toBe(200);
  const error = t.events.find((e) => e.type === "error");
  expect(error).toMatchObject(expected);
  const s = shape(t);
  expect(s.at(-1)).toBe("done");
  expect(s.indexOf("error")).toBeLessThan(s.length - 1);
  return error;
}

/** The agent's turn could not be stored: store_failed, then done with no agent row. */
export function expectStoreFailed(t: TimedTurn) {
  expectErrorThenDone(t, { stage: "store", code: "store_failed" });
  expect(t.events.at(-1).turn).toMatchObject({ agentSeq: null, incomplete: true });
}

/** A normal turn: streamed, no error, the whole reply, audio in whole samples. */
export function expectNormalTurn(t: TimedTurn) {
  expect(t.status).toBe(200);
  expect(t.events.find((e) => e.type === "error")).toBeUndefined();
  expect(replyText(t)).toBe(FULL_REPLY);
  expectWholeSamples(t);
}

/** `done` arrived, less than `ms` after `since` (a performance.now() time). */
export function expectDoneWithin(t: TimedTurn, since: number, ms: number) {
  expect(t.doneAt).toBeGreaterThanOrEqual(0);
  expect(t.startedAt + t.doneAt - since).toBeLessThan(ms);
}

/** Sends the turn again while its key is still held (409), as a client retrying would, up to
 * two seconds: the key is released in the background once the database answers. */
export async function retryWhileHeld(
  token: string,
  body: TurnBody,
  headers: Record<string, string>,
) {
  let retry = await timedTurn(token, body, headers);
  for (let i = 0; i < 20 && retry.status === 409; i++) {
    await new Promise((r) => setTimeout(r, 100));
    retry = await timedTurn(token, body, headers);
  }
  return retry;
}
