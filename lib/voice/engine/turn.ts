// One caller turn as a stream of CallEvents: turn → transcript → agent pieces (text, then
// whole-sample audio) → tool calls → (error + apology) → done. Stages run as small functions
// over a shared context; a fault is a value that ends in an error event, a spoken apology and
// done. The caller hanging up (cancel) stops the providers; the turn is still stored.
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import { AsyncQueue } from "../async-queue";
import type { CallEvent, TurnCost } from "../events";
import { priceLlm, priceStt, round6 } from "../pricing";
import { runAgent } from "./agent";
import { newState, type SttOutcome, since, type TurnContext, type TurnRequest } from "./context";
import { APOLOGY, TurnFault } from "./faults";
import { callerWords, IDLE_CODE, isIncomplete, saveAgentTurn, saveCallerWords } from "./persist";
import { IDLE_CHECK, IDLE_GOODBYE, warmPhrases } from "./phrases";
import { Speaker } from "./speaker";
import { sttPriceName, transcribe } from "./stt";

export interface Turn {
  events: AsyncIterable<CallEvent>;
  /** The caller hung up or barged in: stop the providers (the turn is still stored). */
  cancel(): void;
  /** Settles once the turn is stored and every stage has stopped. */
  finished: Promise<void>;
}

export function startTurn(request: TurnRequest): Turn {
  const out = new AsyncQueue<CallEvent>();
  const hangup = new AbortController();
  const ctx: TurnContext = {
    ...request,
    state: newState(),
    hangup: hangup.signal,
    emit: (event) => {
      if (hangup.signal.aborted) return;
      out.push(event);
      request.tap?.(event);
    },
  };
  const failed = (error: unknown) => {
    logger.error({ err: error, conversationId: ctx.call.id }, "turn failed");
    captureError(error, { conversationId: ctx.call.id, route: "voice/turn" });
  };
  const finished = produce(ctx)
    .catch((error) => {
      failed(error);
      emitLastResort(ctx);
    })
    .finally(() => {
      out.close();
      // The engine's phrases for this voice, ready for the next turn's faults (no-op once cached).
      void warmPhrases(ctx.providers.tts, ctx.call.voice);
    });
  return { events: drain(out), cancel: () => hangup.abort(), finished };
}

/** An engine bug must still end the stream with an error and done, never silence. */
function emitLastResort(ctx: TurnContext) {
  const spoken = APOLOGY;
  ctx.emit({
    type: "error",
    stage: "store",
    code: "turn_failed",
    message: "The turn failed",
    spoken,
  });
  ctx.emit({ type: "agent_text", pieceId: 999, kind: "apology", text: spoken });
  ctx.emit({
    type: "done",
    turn: {
      callerSeq: ctx.callerSeq,
      agentSeq: null,
      marks: ctx.state.marks,
      cost: { stt: 0, llm: 0, tts: 0, total: 0 },
      audioMs: Math.round(ctx.state.audioMs),
      incomplete: true,
    },
    endCall: false,
  });
}

async function* drain(queue: AsyncQueue<CallEvent>): AsyncIterable<CallEvent> {
  for (let event = await queue.next(); event; event = await queue.next()) yield event;
}

/** The agent's words for an idle turn: ask once, then say goodbye and end the call. */
function idleReply(ctx: TurnContext, speaker: Speaker) {
  const lastCaller = ctx.call.turns.findLast((t) => t.role === "caller");
  if (lastCaller?.error_code === IDLE_CODE) {
    const call = { name: "end_call" as const, arguments: { reason: "idle_timeout" } };
    speaker.sayPhrase(IDLE_GOODBYE);
    ctx.state.toolCalls.push(call);
    ctx.emit({ type: "tool_call", ...call });
    ctx.state.endReason = "idle_timeout";
  } else speaker.sayPhrase(IDLE_CHECK);
}

async function reply(ctx: TurnContext, stt: SttOutcome, speaker: Speaker, stop: AbortController) {
  if (stt.fault) return speaker.fail(stt.fault);
  if (ctx.input.kind === "idle") return idleReply(ctx, speaker);
  if (!stt.text.trim()) return speaker.fail(new TurnFault("stt", "empty"));
  const onHangup = () => stop.abort();
  ctx.hangup.addEventListener("abort", onHangup, { once: true });
  try {
    await runAgent(ctx, stt.text, speaker, stop.signal);
  } finally {
    ctx.hangup.removeEventListener("abort", onHangup);
  }
}

/** A person holds the call: store the caller's words, say nothing, end the turn. */
async function produceHeld(ctx: TurnContext): Promise<void> {
  const { state } = ctx;
  ctx.emit({ type: "held", callerSeq: ctx.callerSeq });
  const stt = await (ctx.transcript ??
    transcribe(ctx.providers, ctx.input, ctx.call.voice.language, ctx.hangup));
  state.marks.sttMs = stt.sttMs;
  if (stt.text) ctx.emit({ type: "transcript", text: stt.text });
  const stored = await ctx.store.finishHeld(ctx.callerSeq, callerWords(ctx, stt)).then(
    () => true,
    (error: unknown) => {
      logger.warn({ err: error, conversationId: ctx.call.id }, "held caller turn not stored");
      return false;
    },
  );
  state.marks.totalMs = since(ctx.receivedAt);
  const done = doneEvent(ctx, stt, false);
  if (done.type === "done") done.turn.incomplete = !stored;
  ctx.emit(done);
}

async function produce(ctx: TurnContext): Promise<void> {
  if (ctx.held) return produceHeld(ctx);
  const { state, call } = ctx;
  ctx.emit({ type: "turn", callerSeq: ctx.callerSeq, agentSeq: ctx.callerSeq + 1 });
  const stop = new AbortController();
  const speaker = new Speaker(ctx, () => stop.abort());
  const playing = speaker.run();
  const stt = await (ctx.transcript ??
    transcribe(ctx.providers, ctx.input, call.voice.language, ctx.hangup));
  state.marks.sttMs = stt.sttMs;
  if (stt.text) ctx.emit({ type: "transcript", text: stt.text });
  const callerSaved = saveCallerWords(ctx, stt);
  await reply(ctx, stt, speaker, stop);
  speaker.close();
  await playing;
  state.marks.totalMs = since(ctx.receivedAt);
  const storeError = await saveAgentTurn(ctx, stt, callerSaved);
  if (storeError && !ctx.hangup.aborted) {
    const fault = new TurnFault("store", "failed", storeError);
    state.fault ??= fault;
    await speaker.apologise(fault);
  }
  state.marks.totalMs = since(ctx.receivedAt);
  // The call is ended before done, so a turn sent after it is refused (409), not answered.
  const ends = state.endReason !== null && !storeError;
  if (ends) await endTheCall(ctx);
  ctx.emit(doneEvent(ctx, stt, !storeError));
}

async function endTheCall(ctx: TurnContext) {
  try {
    await ctx.onEndCall?.(ctx.state.endReason!);
  } catch (error) {
    logger.warn({ err: error, conversationId: ctx.call.id }, "ending the call failed");
  }
}

function doneEvent(ctx: TurnContext, stt: SttOutcome, stored: boolean): CallEvent {
  const { state, providers } = ctx;
  const llm = priceLlm(providers.llm.name, state.llmInputTokens, state.llmOutputTokens);
  const sttCost = priceStt(sttPriceName(providers, ctx.input), stt.sttSeconds);
  const cost: TurnCost = {
    stt: sttCost,
    llm,
    tts: round6(state.ttsCost),
    total: round6(sttCost + llm + state.ttsCost),
  };
  return {
    type: "done",
    turn: {
      callerSeq: ctx.callerSeq,
      agentSeq: stored ? ctx.callerSeq + 1 : null,
      marks: state.marks,
      cost,
      audioMs: Math.round(state.audioMs),
      incomplete: isIncomplete(ctx) || !stored,
    },
    endCall: state.endReason !== null && stored,
  };
}
