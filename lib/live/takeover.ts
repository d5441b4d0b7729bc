// Human takeover by text: a member takes a call in progress, types replies that the caller
// hears in the campaign's voice (the caller's event feed synthesises them), and hands it back.
// While a hold is active the agent does not answer (the turn path reads `held` with the call).
// Every statement runs as the signed-in user (withUser): Postgres decides membership and role;
// the explicit role check only turns a viewer's refusal into a clear 403.
import { z } from "zod";
import { isUniqueViolation } from "@/lib/db/errors";
import { addCosts, reserveSeqs, upsertTurn } from "@/lib/db/queries/calls";
import { callLanguage, findLiveCall } from "@/lib/db/queries/live";
import { activeHold, insertHold, releaseHold } from "@/lib/db/queries/takeovers";
import { hasRole } from "@/lib/db/queries/workspaces";
import { type Tx, withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { runAfterResponse } from "@/lib/jobs/background";
import { livekitConfig } from "@/lib/livekit/config";
import { removeHumanFromRoom } from "@/lib/livekit/rooms";
import type { CallerInput } from "@/lib/voice/engine/context";
import { sttPriceName, transcribe } from "@/lib/voice/engine/stt";
import { priceStt } from "@/lib/voice/pricing";
import type { Providers } from "@/lib/voice/providers";
import type { Actor } from "@/lib/workspaces/actor";
import { notifyCall } from "./notifier";

export { isHeldByHuman } from "@/lib/db/queries/takeovers";

export const takeoverSchema = z.strictObject({ conversationId: z.uuid("Unknown call") });
export const humanReplySchema = z.strictObject({
  conversationId: z.uuid("Unknown call"),
  text: z.string().trim().min(1, "Type a reply").max(1000, "Keep a reply under 1000 characters"),
});

const forbidden = () =>
  new AppError("forbidden", "Only members (not viewers) can take over a call", 403);

/** The call in progress, as the user may see it, after the member check. */
async function callFor(trx: Tx, actor: Actor, id: string) {
  const call = await findLiveCall(trx, actor.workspaceId, id);
  if (!call) throw notFound("Call");
  if (!(await hasRole(trx, actor.workspaceId, "member"))) throw forbidden();
  if (call.status !== "active") throw new AppError("conflict", "This call has ended", 409);
  // A phone call's turns are TwiML answers to Twilio: a person's typed replies never reach a
  // phone caller, so holding one would only silence the agent.
  if (call.channel === "phone")
    throw new AppError("conflict", "Phone calls cannot be taken over yet: listen only", 409);
  return call;
}

export async function takeOver(actor: Actor, raw: unknown) {
  const { conversationId } = takeoverSchema.parse(raw);
  const hold = await withUser(actor.claims, async (trx) => {
    const call = await callFor(trx, actor, conversationId);
    const current = await activeHold(trx, call.key);
    if (current) throw heldAlready(current.heldBy === actor.claims.sub);
    try {
      await insertHold(trx, actor.workspaceId, call.key);
    } catch (error) {
      // Another member took it between the check and the insert: the unique index decides.
      if (isUniqueViolation(error)) throw heldAlready(false);
      throw error;
    }
    return activeHold(trx, call.key);
  });
  notifyCall(conversationId);
  return { conversationId, heldAt: hold!.heldAt };
}

const heldAlready = (mine: boolean) =>
  new AppError(
    "conflict",
    mine
      ? "You already hold this call"
      : "A teammate is already replying on this call: wait for them to hand it back",
    409,
  );

export async function handBack(actor: Actor, raw: unknown) {
  const { conversationId } = takeoverSchema.parse(raw);
  await withUser(actor.claims, async (trx) => {
    const call = await findLiveCall(trx, actor.workspaceId, conversationId);
    if (!call) throw notFound("Call");
    if (!(await hasRole(trx, actor.workspaceId, "member"))) throw forbidden();
    const released = await releaseHold(trx, call.key, actor.claims.sub);
    if (!released) throw new AppError("conflict", "Nobody holds this call", 409);
  });
  notifyCall(conversationId);
  // Whoever talked by voice leaves the room: their publish token outlives the hold.
  if (livekitConfig())
    runAfterResponse("livekit remove human", () =>
      removeHumanFromRoom(conversationId, actor.claims.sub),
    );
  return { conversationId };
}

/** The call in progress, after checking that this user holds it. */
async function heldCallFor(trx: Tx, actor: Actor, id: string) {
  const call = await callFor(trx, actor, id);
  const hold = await activeHold(trx, call.key);
  if (hold?.heldBy !== actor.claims.sub)
    throw new AppError("conflict", "Take the call over before replying", 409);
  return call;
}

/** Stores the holder's reply as a human_agent turn; the caller's feed speaks it. */
export async function sendHumanReply(actor: Actor, raw: unknown) {
  const { conversationId, text } = humanReplySchema.parse(raw);
  const seq = await withUser(actor.claims, async (trx) => {
    const call = await heldCallFor(trx, actor, conversationId);
    const turnSeq = await reserveSeqs(trx, call.key, 1);
    await upsertTurn(trx, call.workspace_id, call.key, { seq: turnSeq, role: "human_agent", text });
    return turnSeq;
  });
  notifyCall(conversationId);
  return { conversationId, seq };
}

/**
 * Takeover by voice: the holder speaks into the call's LiveKit room, so the caller hears them
 * live; their browser posts each utterance here, like the caller's page posts a turn. It is
 * transcribed (the configured STT, or the browser's transcript) and stored as a human_agent
 * turn with its audio length and STT cost, so the agent has it in its history on hand back
 * and the caller's feed shows it as a caption without speaking it again.
 */
export async function storeHumanSpeech(
  actor: Actor,
  conversationId: string,
  input: Extract<CallerInput, { kind: "audio" }>,
  providers: Providers,
  signal: AbortSignal,
) {
  if (!livekitConfig())
    throw new AppError("not_found", "Taking over by voice needs LiveKit (LIVEKIT_URL)", 404);
  // The hold is checked before any provider is called.
  const language = await withUser(actor.claims, async (trx) => {
    const call = await heldCallFor(trx, actor, conversationId);
    return (await callLanguage(trx, call.key)) ?? "en-US";
  });
  const heard = await transcribe(providers, input, language, signal);
  if (heard.fault)
    throw new AppError(
      "provider_unavailable",
      "Your words could not be transcribed (the caller heard them): keep talking",
      502,
    );
  if (!heard.text)
    throw new AppError("invalid_input", "No words were recognised in that recording", 422);
  const stt = priceStt(sttPriceName(providers, input), heard.sttSeconds);
  const seq = await withUser(actor.claims, async (trx) => {
    const call = await heldCallFor(trx, actor, conversationId);
    const turnSeq = await reserveSeqs(trx, call.key, 1);
    await upsertTurn(trx, call.workspace_id, call.key, {
      seq: turnSeq,
      role: "human_agent",
      text: heard.text,
      // A human turn with audio was spoken (heard live): the caller's feed does not speak it.
      audioDurationMs: input.audio.wav.durationMs,
      sttMs: heard.sttMs,
      sttSeconds: heard.sttSeconds,
      costUsd: stt,
    });
    if (stt) await addCosts(trx, call.key, { stt, llm: 0, tts: 0, total: stt });
    return turnSeq;
  });
  notifyCall(conversationId);
  return { conversationId, seq, text: heard.text };
}
