// One caller turn: transcript → LLM tokens → speech pieces → TTS audio, streamed to the
// caller as NDJSON while it is produced. TTS of piece 1 starts as soon as the LLM closes it
// (the first clause), the next piece is synthesised while the current one plays, and
// nothing is written to the database on the way to the first audio byte. Whatever happens
// (provider failure, timeout, the caller hanging up mid-stream) the turn is persisted.

import { isUniqueViolation } from "@/lib/db/errors";
import type { LoadedCall } from "@/lib/db/queries/calls";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import type { HistoryItem } from "./agent/scripted";
import { runTool, type ToolCall } from "./agent/tools";
import { AsyncQueue, prefetch } from "./async-queue";
import type { Wav } from "./audio";
import { SpeechChunker } from "./chunker";
import { priceTurn } from "./pricing";
import { type Providers, TIMEOUTS } from "./providers";
import { deadline, ProviderError } from "./providers/types";
import type { TurnStore } from "./turn-store";

export const SAY_AGAIN = "Sorry, I didn't catch that. Could you say it again?";
export const APOLOGY =
  "I'm sorry, I'm having a little trouble right now. Could you say that again?";

export interface TurnMarks {
  sttMs: number;
  llmFirstTokenMs: number | null;
  /** LLM request → first piece handed to TTS. */
  llmFirstChunkMs: number | null;
  /** First TTS request → its first byte. */
  ttsFirstByteMs: number | null;
  /** End of the caller's upload → first audio event sent. */
  firstAudioMs: number | null;
  totalMs: number;
}

export type TurnEvent =
  | { type: "turn"; callerSeq: number; agentSeq: number }
  | { type: "transcript"; text: string }
  | { type: "agent_text"; delta: string }
  | { type: "audio"; format: "pcm_s16le"; sampleRate: number; data: string }
  | { type: "error"; stage: "stt" | "llm" | "tts"; code: string; message: string }
  | {
      type: "done";
      turn: {
        callerSeq: number | null;
        agentSeq: number | null;
        marks: TurnMarks;
        cost: ReturnType<typeof priceTurn>;
        /** Length of the reply's audio: when its playback will end. */
        audioMs: number;
      };
      endCall: boolean;
      callToken: string;
    };

/** The transcript of the caller's utterance, started by the route before anything else. */
export interface Transcript {
  promise: Promise<string>;
  /** performance.now() when transcription started (STT time is measured from here). */
  startedAt: number;
  /** Seconds of audio sent to STT (0 for text turns); priced per second. */
  sttSeconds: number;
  audioDurationMs: number | null;
}

export interface TurnInput {
  call: LoadedCall;
  transcript: Transcript;
  /** performance.now() when the caller's upload had fully arrived. */
  receivedAt: number;
  idempotencyKey?: string;
  callToken: string;
  providers: Providers;
  store: TurnStore;
  /** Runs after the turn is stored when the agent ended the call. */
  onEndCall?: (reason: string) => Promise<unknown>;
}

/** Begins transcribing now; the route awaits other checks meanwhile. */
export function beginTranscript(
  providers: Providers,
  input: { text?: string; audio?: { bytes: Uint8Array; wav: Wav } },
  language: string,
  signal: AbortSignal,
): Transcript {
  const startedAt = performance.now();
  if (input.text !== undefined || !input.audio) {
    return {
      promise: Promise.resolve(input.text ?? ""),
      startedAt,
      sttSeconds: 0,
      audioDurationMs: input.audio?.wav.durationMs ?? null,
    };
  }
  return {
    startedAt,
    promise: providers.stt!.transcribe(input.audio, {
      language,
      signal: deadline(signal, TIMEOUTS.sttMs),
    }),
    sttSeconds: input.audio.wav.durationMs / 1000,
    audioDurationMs: input.audio.wav.durationMs,
  };
}

const encoder = new TextEncoder();
const since = (t: number) => Math.round(performance.now() - t);

export function runTurn(input: TurnInput): {
  stream: ReadableStream<Uint8Array>;
  finished: Promise<void>;
} {
  const { call } = input;
  const abort = new AbortController();
  let closed = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((r) => {
    resolveFinished = r;
  });

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: TurnEvent) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          closed = true;
        }
      };
      produce(input, send, abort.signal)
        .catch((error) => {
          logger.error({ err: error, conversationId: call.id }, "turn failed");
          captureError(error, { conversationId: call.id, route: "voice/turn" });
        })
        .finally(() => {
          if (!closed) {
            closed = true;
            controller.close();
          }
          resolveFinished();
        });
    },
    cancel() {
      // The caller hung up or barged in: stop the providers; produce() still stores the turn.
      closed = true;
      abort.abort();
    },
  });
  return { stream, finished };
}

async function produce(input: TurnInput, send: (e: TurnEvent) => void, signal: AbortSignal) {
  const { call, providers, store, transcript } = input;
  const t0 = input.receivedAt;

  const marks: TurnMarks = {
    sttMs: 0,
    llmFirstTokenMs: null,
    llmFirstChunkMs: null,
    ttsFirstByteMs: null,
    firstAudioMs: null,
    totalMs: 0,
  };
  const usage = { llmInputTokens: 0, llmOutputTokens: 0, ttsCharacters: 0 };
  let audioBytes = 0;
  const errors: string[] = [];
  const toolCalls: ToolCall[] = [];
  let agentText = "";
  let endReason: string | null = null;

  // 1. The caller's words.
  let callerText = "";
  try {
    callerText = (await transcript.promise).trim();
    if (!callerText && transcript.sttSeconds > 0) errors.push("stt_empty");
  } catch (error) {
    errors.push("stt_failed");
    logger.warn({ err: error, conversationId: call.id }, "speech-to-text failed");
    send({
      type: "error",
      stage: "stt",
      code: "stt_failed",
      message: "The audio could not be transcribed",
    });
  }
  marks.sttMs = transcript.sttSeconds > 0 ? since(transcript.startedAt) : 0;
  if (callerText) send({ type: "transcript", text: callerText });
  const sttSeconds = transcript.sttSeconds;

  // Stored in the background: never on the way to the first audio byte, never skipped.
  const callerSaved = store.saveCaller({
    text: callerText,
    audioDurationMs: transcript.audioDurationMs,
    sttMs: marks.sttMs || null,
    sttSeconds,
    errorCode: errors.find((e) => e.startsWith("stt")) ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
  });
  callerSaved
    .then((callerSeq) => send({ type: "turn", callerSeq, agentSeq: callerSeq + 1 }))
    .catch(() => {});

  // 2. The agent's reply, split into pieces for TTS as it streams.
  const pieces = new AsyncQueue<string>();
  const chunker = new SpeechChunker();
  // Text goes out a piece at a time, with the piece's audio: per-token events would cost
  // more than they show, and the concatenated deltas are still exactly the reply.
  let unsent = "";
  const sendText = () => {
    if (unsent) send({ type: "agent_text", delta: unsent });
    unsent = "";
  };
  const say = (delta: string) => {
    agentText += delta;
    unsent += delta;
    for (const piece of chunker.push(delta)) {
      sendText();
      pieces.push(piece);
    }
  };
  const llmStart = performance.now();
  const onPiece = (piece: string) => {
    marks.llmFirstChunkMs ??= since(llmStart);
    return piece;
  };

  const speak = async () => {
    let ttsFailed = false;
    const synth = (text: string) => {
      usage.ttsCharacters += text.length;
      const started = performance.now();
      let first = true;
      const source = providers.tts.synthesize(text, call.voice, deadline(signal, TIMEOUTS.ttsMs));
      return prefetch(
        (async function* () {
          for await (const chunk of source) {
            if (first) {
              first = false;
              marks.ttsFirstByteMs ??= since(started);
            }
            yield chunk;
          }
        })(),
      );
    };
    let current = await pieces.next();
    let audio = current ? synth(onPiece(current)) : null;
    while (current && audio) {
      const upcoming = pieces.next();
      let nextAudio: AsyncIterable<Uint8Array> | null = null;
      // Synthesise the next piece while this one is still streaming out.
      upcoming.then((p) => {
        if (p && !ttsFailed && !signal.aborted) nextAudio = synth(p);
      });
      try {
        // The turn's first chunk leaves at once; after that, chunks that arrive together are
        // sent together (up to 200 ms of audio), which keeps playback ahead at far fewer events.
        let held: Uint8Array[] = [];
        let heldBytes = 0;
        const release = () => {
          if (!heldBytes) return;
          send({
            type: "audio",
            format: "pcm_s16le",
            sampleRate: providers.tts.sampleRate,
            data: Buffer.concat(held).toString("base64"),
          });
          marks.firstAudioMs ??= since(t0);
          held = [];
          heldBytes = 0;
        };
        const batchBytes = providers.tts.sampleRate * 2 * 0.2;
        for await (const chunk of audio) {
          if (signal.aborted) return;
          held.push(chunk);
          heldBytes += chunk.length;
          audioBytes += chunk.length;
          if (marks.firstAudioMs === null || heldBytes >= batchBytes) release();
        }
        release();
      } catch (error) {
        if (signal.aborted) return;
        ttsFailed = true;
        errors.push("tts_failed");
        logger.warn({ err: error, conversationId: call.id }, "text-to-speech failed");
        send({
          type: "error",
          stage: "tts",
          code: "tts_failed",
          message: "Speech synthesis failed: the reply continues as text",
        });
        // Text events keep coming; drain the remaining pieces without audio.
        while (await pieces.next());
        return;
      }
      current = await upcoming;
      audio = current ? (nextAudio ?? synth(current)) : null;
    }
  };

  const think = async () => {
    try {
      if (errors.includes("stt_failed") || !callerText) {
        say(SAY_AGAIN);
        return;
      }
      const history: HistoryItem[] = [
        ...call.turns.map((t) => ({ role: t.role, text: t.text })),
        { role: "caller", text: callerText },
      ];
      const llmSignal = new AbortController();
      const firstTokenTimer = setTimeout(
        () => llmSignal.abort(new Error("first token timeout")),
        TIMEOUTS.llmFirstTokenMs,
      );
      const bounded = AbortSignal.any([deadline(signal, TIMEOUTS.llmMs), llmSignal.signal]);
      try {
        for await (const event of providers.llm.stream(
          { campaignName: call.campaign_name, flow: call.flow, history },
          bounded,
        )) {
          if (event.type === "text") {
            if (marks.llmFirstTokenMs === null) {
              marks.llmFirstTokenMs = since(llmStart);
              clearTimeout(firstTokenTimer);
            }
            say(event.delta);
          } else if (event.type === "tool_call") {
            const effect = runTool(event.call);
            if (!effect) continue;
            toolCalls.push(event.call);
            if (effect.kind === "end_call") endReason = effect.reason;
          } else {
            usage.llmInputTokens += event.inputTokens;
            usage.llmOutputTokens += event.outputTokens;
          }
        }
      } finally {
        clearTimeout(firstTokenTimer);
      }
    } catch (error) {
      if (signal.aborted) return;
      errors.push("llm_failed");
      logger.warn({ err: error, conversationId: call.id }, "language model failed");
      captureError(error instanceof ProviderError ? (error.cause ?? error) : error, {
        conversationId: call.id,
        route: "voice/turn",
      });
      send({
        type: "error",
        stage: "llm",
        code: "llm_failed",
        message: "The agent could not answer; it apologised instead",
      });
      // A spoken apology, and the call goes on. A half-finished reply ends where it stopped.
      if (!agentText.trim()) say(APOLOGY);
    } finally {
      const rest = chunker.flush();
      sendText();
      if (rest) pieces.push(rest);
      pieces.close();
    }
  };

  await Promise.all([think(), speak()]);
  marks.totalMs = since(t0);

  // 3. Store the turn, then tell the caller it is done (the next turn will see this one).
  const cost = priceTurn({
    stt: transcript.sttSeconds > 0 && providers.stt ? providers.stt.name : "none",
    llm: providers.llm.name,
    tts: providers.tts.name,
    sttSeconds,
    ...usage,
  });
  let callerSeq: number | null = null;
  let duplicate = false;
  try {
    callerSeq = await callerSaved;
  } catch (error) {
    // A retried request with the same Idempotency-Key raced this one: it owns the turn.
    duplicate = isUniqueViolation(error);
    if (!duplicate) throw error;
  }
  const agentSeq = callerSeq === null ? null : callerSeq + 1;
  if (agentSeq !== null) {
    // The caller turn carries the STT cost; the conversation carries the totals.
    await store.saveAgent(
      {
        seq: agentSeq,
        role: "agent",
        text: agentText.trim(),
        interrupted: signal.aborted,
        llmFirstTokenMs: marks.llmFirstTokenMs,
        ttsFirstByteMs: marks.ttsFirstByteMs,
        firstAudioMs: marks.firstAudioMs,
        totalMs: marks.totalMs,
        llmInputTokens: usage.llmInputTokens,
        llmOutputTokens: usage.llmOutputTokens,
        ttsCharacters: usage.ttsCharacters,
        costUsd: cost.llm + cost.tts,
        errorCode: errors.find((e) => !e.startsWith("stt")) ?? null,
        toolCalls: toolCalls.length ? toolCalls : null,
      },
      cost,
    );
  }
  send({
    type: "done",
    turn: {
      callerSeq,
      agentSeq,
      marks,
      cost,
      audioMs: Math.round((audioBytes / 2 / providers.tts.sampleRate) * 1000),
    },
    endCall: endReason !== null,
    callToken: input.callToken,
  });
  if (endReason !== null && input.onEndCall) await input.onEndCall(endReason);
}
