// The caller's event feed between turns: whether a person holds the call, and each reply a
// person types, spoken here in the campaign's voice (lib/voice/engine/human.ts), or says by
// voice in the call's room (shown, not spoken again). It reads the
// database as the call-token holder (withCaller), so a reply stored through any server
// instance reaches the caller: the feed checks the hold every second and, while a person
// holds the call, looks for replies every 200 ms; a write in this process wakes it at once.
// A feed lasts FEED_MS (under a serverless function's limit), then the page reconnects with
// the last reply it got.
import { loadCall } from "@/lib/db/queries/calls";
import { callProgress, humanTurnsAfter, recordHumanTtsCost } from "@/lib/db/queries/live";
import { isHeldByHuman } from "@/lib/db/queries/takeovers";
import { withCaller } from "@/lib/db/scoped";
import { logger } from "@/lib/observability/logger";
import { callKey } from "@/lib/voice/call-key";
import type { CallClaims } from "@/lib/voice/call-token";
import { speakHumanReply } from "@/lib/voice/engine/human";
import type { FeedEvent } from "@/lib/voice/events";
import { priceTts, round6 } from "@/lib/voice/pricing";
import type { Providers } from "@/lib/voice/providers";
import { nextChange } from "./notifier";

export const FEED_MS = 50_000;
const IDLE_POLL_MS = 1_000;
const HELD_POLL_MS = 200;

export async function* callerFeed(
  claims: CallClaims,
  providers: Providers,
  afterSeq: number | null,
  signal: AbortSignal,
): AsyncIterable<FeedEvent> {
  const key = callKey(claims);
  const first = await withCaller(claims, async (trx) => ({
    call: await loadCall(trx, key),
    held: await isHeldByHuman(trx, key),
  }));
  if (first.call?.status !== "active") {
    yield { type: "ended" };
    return;
  }
  const voice = first.call.voice;
  // A new feed starts after the last stored turn; a reconnect after the last reply it spoke.
  let cursor = afterSeq ?? first.call.turn_count - 1;
  let held = first.held;
  yield { type: "takeover", held, after: cursor };
  const until = Date.now() + FEED_MS;
  while (!signal.aborted && Date.now() < until) {
    await nextChange(held ? HELD_POLL_MS : IDLE_POLL_MS, signal, (id) => id === key.id);
    if (signal.aborted) return;
    const now = await withCaller(claims, async (trx) => ({
      progress: await callProgress(trx, key),
      held: await isHeldByHuman(trx, key),
      replies: await humanTurnsAfter(trx, key, cursor),
    }));
    for (const reply of now.replies) {
      cursor = reply.seq;
      if (reply.audio_duration_ms !== null) {
        // Spoken into the call's room (takeover by voice): the caller heard it live.
        yield { type: "human_reply", seq: reply.seq, text: reply.text, spoken: true };
        continue;
      }
      // Priced as the request is made (at the first provider), once per reply.
      const usd = round6(priceTts(providers.tts.name, reply.text.length));
      await withCaller(claims, (trx) =>
        recordHumanTtsCost(trx, key, reply.seq, reply.text.length, usd),
      ).catch((error: unknown) => logger.warn({ err: error }, "human reply cost not stored"));
      yield* speakHumanReply(providers, voice, reply, signal);
    }
    if (now.held !== held) {
      held = now.held;
      yield { type: "takeover", held, after: cursor };
    }
    if (now.progress?.status !== "active") {
      yield { type: "ended" };
      return;
    }
  }
}
