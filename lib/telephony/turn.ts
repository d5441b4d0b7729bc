// One phone turn on the call engine: Twilio's speech transcript goes in as a text turn (same
// claim, agent, tools, marks and costs as a web turn, under the call's withCaller claims); the
// agent's audio frames come out as one WAV stored for <Play>, or its words as <Say> when TTS
// failed. The idempotency key is the CallSid and the Gather step, so a retried webhook
// replays the stored turn (and finds the same audio) instead of running a second one.
import { withServiceRole } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { endCall } from "@/lib/voice/calls";
import { beginTurn } from "@/lib/voice/engine/begin";
import type { CallEvent } from "@/lib/voice/events";
import { getProviders } from "@/lib/voice/providers";
import { MAX_TEXT } from "@/lib/voice/turn-input";
import { signedAudioUrl } from "./audio-url";
import { claimsOf, keyOf, voiceOf } from "./calls";
import { findAudio, findPhoneCall, hasKeyedTurn, saveAudio } from "./queries";
import { agentTwiml, PHRASES, retryTwiml, type Speech, sayAndHangUp } from "./twiml";
import { encodeWav, joinFrames } from "./wav";

const WHY = "twilio turn webhook, signature verified: the phone call's own records";

export interface PhoneTurnInput {
  CallSid: string;
  SpeechResult?: string;
}

/** What a turn's events leave for the phone: the words, the audio, whether it hangs up. */
export interface Collected {
  text: string;
  frames: { pcm: Uint8Array; sampleRate: number }[];
  ttsFailed: boolean;
  endCall: boolean;
}

export async function collect(events: AsyncIterable<CallEvent>): Promise<Collected> {
  const kinds = new Map<number, string>();
  const words: string[] = [];
  const out: Collected = { text: "", frames: [], ttsFailed: false, endCall: false };
  for await (const e of events) {
    if (e.type === "agent_text") {
      kinds.set(e.pieceId, e.kind);
      // A holding phrase covers silence on a live stream; the phone answers all at once.
      if (e.kind !== "holding") words.push(e.text);
    } else if (e.type === "audio" && kinds.get(e.pieceId) !== "holding") {
      out.frames.push({ pcm: e.pcm, sampleRate: e.sampleRate });
    } else if (e.type === "error" && e.stage === "tts") out.ttsFailed = true;
    else if (e.type === "done") out.endCall = e.endCall;
  }
  out.text = words.join(" ").replace(/\s+/g, " ").trim();
  return out;
}

async function speechOf(callSid: string, step: number, c: Collected): Promise<Speech[]> {
  const joined = c.ttsFailed ? null : joinFrames(c.frames);
  if (!joined) return [{ kind: "say", text: c.text }];
  const id = await withServiceRole(WHY, (trx) =>
    saveAudio(trx, {
      callSid,
      step,
      wav: encodeWav(joined.pcm, joined.sampleRate),
      durationMs: Math.round((joined.pcm.byteLength / 2 / joined.sampleRate) * 1000),
    }),
  );
  return [{ kind: "play", url: await signedAudioUrl(id) }];
}

/** POST /api/telephony/turn?step=N&miss=M */
export async function phoneTurn(
  input: PhoneTurnInput,
  step: number,
  miss: number,
  /** Back from retryTwiml's redirect: Twilio sends no SpeechResult; the stored turn answers. */
  retry = false,
) {
  const receivedAt = performance.now();
  const call = await withServiceRole(WHY, (trx) => findPhoneCall(trx, input.CallSid));
  if (call?.outcome !== "answered") return sayAndHangUp(voiceOf({}), PHRASES.unavailable);
  const voice = voiceOf(call);
  const claims = claimsOf(call);
  const providers = getProviders();
  const hangUp = (reason: string) =>
    endCall(claims, reason, providers).catch((err) =>
      logger.warn({ err, callSid: input.CallSid }, "ending the phone call failed"),
    );
  const idempotencyKey = `twilio:${input.CallSid}:${step}`;
  // Back for a stored answer that is not there: the first request failed and released its
  // claim (the caller's words are kept). Twilio sent no words this time, so ask again rather
  // than answer an empty turn.
  const lost =
    retry && !(await withServiceRole(WHY, (trx) => hasKeyedTurn(trx, keyOf(call), idempotencyKey)));
  if (lost) return agentTwiml(voice, { speech: [{ kind: "say", text: PHRASES.reprompt }], step });
  const speech = input.SpeechResult?.trim() || (retry ? "…" : "");
  if (!speech) {
    // No words within the timeout: ask again once, then say goodbye.
    if (miss === 0)
      return agentTwiml(voice, {
        speech: [{ kind: "say", text: PHRASES.reprompt }],
        step,
        miss: 1,
      });
    await hangUp("no_speech");
    return sayAndHangUp(voice, PHRASES.noSpeechGoodbye);
  }
  let begun: Awaited<ReturnType<typeof beginTurn>>;
  try {
    begun = await beginTurn({
      claims,
      input: { kind: "text", text: speech.slice(0, MAX_TEXT) },
      idempotencyKey,
      providers,
      receivedAt,
      onEndCall: (reason) => endCall(claims, reason, providers),
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "turn_in_progress") {
      // Twilio retried while the first request still runs: come back for the stored answer.
      return retryTwiml(voice, `/api/telephony/turn?step=${step}&miss=${miss}&retry=1`);
    }
    if (error instanceof AppError && error.code === "conflict") {
      return sayAndHangUp(voice, "Goodbye.");
    }
    throw error;
  }
  if (begun.kind === "replay") {
    const replayed = await collect(
      (async function* () {
        yield* begun.events;
      })(),
    );
    const stored = await withServiceRole(WHY, (trx) => findAudio(trx, input.CallSid, step));
    const speechOut: Speech[] = stored
      ? [{ kind: "play", url: await signedAudioUrl(stored.id) }]
      : [{ kind: "say", text: replayed.text }];
    return agentTwiml(voice, { speech: speechOut, step: step + 1, hangUp: replayed.endCall });
  }
  const collected = await collect(begun.turn.events);
  await begun.turn.finished;
  return agentTwiml(voice, {
    speech: await speechOf(input.CallSid, step, collected),
    step: step + 1,
    hangUp: collected.endCall,
  });
}
