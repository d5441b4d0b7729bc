// The store stage. The caller's turn row was claimed before the stream began; its words land
// as soon as STT answers (off the way to the first audio byte: a caller's words are never
// left to the end of a turn that may not finish), and the agent's turn at the end, each with
// its own cost; the end re-stores the words in the same transaction when the early write
// failed. If the end cannot be stored the Idempotency-Key is released (best effort), so that
// a retry runs the turn again.
import { logger } from "@/lib/observability/logger";
import { priceLlm, priceStt, round6 } from "../pricing";
import type { CallerWords } from "../turn-store";
import type { SttOutcome, TurnContext } from "./context";
import { sttPriceName } from "./stt";

/** Caller-turn error code for an idle turn: the next idle turn in a row ends the call. */
export const IDLE_CODE = "caller_idle";

/** The caller's words (or the STT failure, or the idle mark) and their STT cost. */
export function callerWords(ctx: TurnContext, stt: SttOutcome): CallerWords {
  const seconds = stt.sttSeconds;
  return {
    text: stt.text,
    sttMs: stt.sttMs || null,
    sttSeconds: seconds,
    costUsd: priceStt(sttPriceName(ctx.providers, ctx.input), seconds),
    // Any STT fault marks the caller's turn stt_failed; the agent's turn keeps the exact code.
    errorCode: stt.fault ? "stt_failed" : ctx.input.kind === "idle" ? IDLE_CODE : null,
  };
}

/** Stores the caller's words at once; resolves to the error when they could not be stored. */
export function saveCallerWords(ctx: TurnContext, stt: SttOutcome): Promise<unknown> {
  return ctx.store.saveCaller(ctx.callerSeq, callerWords(ctx, stt)).then(
    () => null,
    (error: unknown) => error,
  );
}

/**
 * Stores the agent's turn in one transaction with both costs and the claim cleared, and the
 * caller's words again when their early write failed. Returns the error when it could not be
 * stored; the key is then released and the caller's words stored on their own, in the background.
 */
export async function saveAgentTurn(
  ctx: TurnContext,
  stt: SttOutcome,
  callerSaved: Promise<unknown>,
): Promise<unknown> {
  const { state, providers } = ctx;
  const incomplete = isIncomplete(ctx);
  const llm = priceLlm(providers.llm.name, state.llmInputTokens, state.llmOutputTokens);
  // The caller's words again only when their own write failed (it adds their STT cost).
  const unsaved = (await callerSaved) === null ? null : callerWords(ctx, stt);
  try {
    await ctx.store.finish(
      unsaved,
      {
        seq: ctx.callerSeq + 1,
        role: "agent",
        text: state.said.join(" "),
        interrupted: ctx.hangup.aborted,
        incomplete,
        llmFirstTokenMs: state.marks.llmFirstTokenMs,
        ttsFirstByteMs: state.marks.ttsFirstByteMs,
        firstAudioMs: state.marks.firstAudioMs,
        totalMs: state.marks.totalMs,
        llmInputTokens: state.llmInputTokens,
        llmOutputTokens: state.llmOutputTokens,
        ttsCharacters: state.ttsCharacters,
        costUsd: round6(llm + state.ttsCost),
        errorCode: state.fault?.code ?? null,
        toolCalls: state.toolCalls.length ? state.toolCalls : null,
      },
      { llm, tts: round6(state.ttsCost) },
    );
    return null;
  } catch (error) {
    logger.warn({ err: error, conversationId: ctx.call.id }, "agent turn not stored");
    releaseClaim(ctx, unsaved);
    return error;
  }
}

const RELEASE_RETRIES_MS = [0, 500, 2_000, 5_000];

/**
 * Frees the key, with the caller's words when they are not stored yet (one transaction, so a
 * retry never adds their cost twice), retrying in the background while the database is away
 * (never awaited).
 */
function releaseClaim(ctx: TurnContext, words: CallerWords | null, attempt = 0) {
  const delay = RELEASE_RETRIES_MS[attempt];
  if (delay === undefined) return;
  const timer = setTimeout(() => {
    ctx.store.release(ctx.callerSeq, words).catch(() => releaseClaim(ctx, words, attempt + 1));
  }, delay);
  timer.unref?.();
}

/** A reply cut off by a fault (other than STT, whose answer is the request to repeat) or a hang-up. */
export const isIncomplete = (ctx: TurnContext) =>
  ctx.hangup.aborted || (ctx.state.fault !== null && ctx.state.fault.stage !== "stt");
