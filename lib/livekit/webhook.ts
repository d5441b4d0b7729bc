// LiveKit's webhooks: the Authorization header is a JWT signed with the API secret whose
// sha256 claim is the hash of the exact body, checked by the SDK's WebhookReceiver on the raw
// body before anything is parsed. Each event id is handled once (LiveKit redelivers). The
// caller leaving their room, or the room closing, ends the call like the End button does.
import { WebhookReceiver } from "livekit-server-sdk";
import { z } from "zod";
import {
  claimWebhookEvent,
  findRoomCall,
  purgeWebhookEvents,
  releaseWebhookEvent,
} from "@/lib/db/queries/livekit";
import { withServiceRole } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { endCall } from "@/lib/voice/calls";
import type { Providers } from "@/lib/voice/providers";
import { conversationOfRoom, livekitConfig } from "./config";

const WHY = "livekit webhook: LiveKit's server reports a room event, no user is signed in";

/** The parts of an event this handler reads (the SDK has already checked the signature). */
const eventSchema = z.object({
  id: z.string().min(1).max(200),
  event: z.string().max(64),
  room: z
    .object({ name: z.string().max(200), metadata: z.string().max(4096) })
    .partial()
    .optional(),
  participant: z
    .object({ identity: z.string().max(256) })
    .partial()
    .optional(),
});

export type WebhookOutcome = "ended" | "ignored" | "duplicate";

const startedAtSchema = z.object({ startedAt: z.iso.datetime({ offset: true }) });

/** The conversation's started_at from the room's metadata, when it is there. */
function startedAtOf(metadata: string | undefined): Date | undefined {
  try {
    const parsed = startedAtSchema.safeParse(JSON.parse(metadata ?? ""));
    return parsed.success ? new Date(parsed.data.startedAt) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the event ends the call, or null when it does not. */
function endReasonOf(e: z.infer<typeof eventSchema>, conversationId: string): string | null {
  if (e.event === "room_finished") return "room_finished";
  if (e.event === "participant_left" && e.participant?.identity === `caller:${conversationId}`)
    return "caller_left";
  return null;
}

async function verify(rawBody: string, authorization: string | null) {
  const config = livekitConfig();
  if (!config) throw new AppError("not_found", "LiveKit is not configured", 404);
  try {
    const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
    return eventSchema.parse(await receiver.receive(rawBody, authorization ?? undefined));
  } catch (err) {
    logger.warn({ err }, "livekit webhook refused: bad signature");
    throw new AppError("unauthorized", "Invalid webhook signature", 401);
  }
}

/** Verifies and handles one webhook delivery. */
export async function receiveWebhook(
  rawBody: string,
  authorization: string | null,
  providers: Providers,
): Promise<WebhookOutcome> {
  const e = await verify(rawBody, authorization);
  const conversationId = conversationOfRoom(e.room?.name);
  const reason = conversationId ? endReasonOf(e, conversationId) : null;
  const first = await withServiceRole(WHY, async (trx) => {
    await purgeWebhookEvents(trx);
    return claimWebhookEvent(trx, { id: e.id, event: e.event, room: e.room?.name ?? null });
  });
  if (!first && !(conversationId && reason)) return "duplicate";
  if (!conversationId || !reason) return "ignored";
  try {
    const call = await withServiceRole(WHY, (trx) =>
      findRoomCall(trx, conversationId, startedAtOf(e.room?.metadata)),
    );
    // A redelivered end event whose call is still active: the delivery that recorded its id
    // died before ending the call, so this one ends it (ending is idempotent).
    if (!first && call?.status !== "active") return "duplicate";
    if (!call) return "ignored";
    await endCall(
      {
        sub: call.id,
        sat: call.started_at.toISOString(),
        own: call.workspace_id,
        cmp: call.campaign_id,
        lng: call.language ?? "en-US",
      },
      reason,
      providers,
    );
    return "ended";
  } catch (err) {
    if (first) await withServiceRole(WHY, (trx) => releaseWebhookEvent(trx, e.id)).catch(() => {});
    throw err;
  }
}
