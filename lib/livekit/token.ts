// Room tokens. Each one is for a single call's room, lives at most 15 minutes and grants only
// what its holder does there: the caller and a human taking over publish and subscribe; a
// listener is hidden and only subscribes. None can create, list or administer rooms.
import { AccessToken, type VideoGrant } from "livekit-server-sdk";
import { z } from "zod";
import type { Claims } from "@/lib/auth/claims";
import { conversationExists, findRoomCall } from "@/lib/db/queries/livekit";
import { activeHold } from "@/lib/db/queries/takeovers";
import { hasRole } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { type LiveKitConfig, livekitConfig, roomName } from "./config";

export const ROOM_TOKEN_SECONDS = 15 * 60;

export type StaffMode = "listen" | "takeover";

export interface RoomAccess {
  /** The LiveKit server URL the browser connects to. */
  url: string;
  token: string;
  room: string;
  identity: string;
  expiresAt: string;
}

async function sign(
  config: LiveKitConfig,
  conversationId: string,
  identity: string,
  grant: Omit<VideoGrant, "room" | "roomJoin">,
  name?: string,
): Promise<RoomAccess> {
  const room = roomName(conversationId);
  const at = new AccessToken(config.apiKey, config.apiSecret, {
    identity,
    name,
    ttl: ROOM_TOKEN_SECONDS,
  });
  at.addGrant({
    room,
    roomJoin: true,
    roomCreate: false,
    roomList: false,
    roomAdmin: false,
    roomRecord: false,
    ingressAdmin: false,
    ...grant,
  });
  const token = await at.toJwt();
  const expiresAt = new Date(Date.now() + ROOM_TOKEN_SECONDS * 1000).toISOString();
  return { url: config.url, token, room, identity, expiresAt };
}

/** The caller's token: bound to the conversation, publishes the mic and the agent's voice. */
export function callerToken(config: LiveKitConfig, conversationId: string) {
  return sign(config, conversationId, `caller:${conversationId}`, {
    canPublish: true,
    canSubscribe: true,
    canPublishData: false,
  });
}

/** A workspace member's token: a hidden listener, or a human taking over by voice. */
export function staffToken(
  config: LiveKitConfig,
  conversationId: string,
  userId: string,
  mode: StaffMode,
) {
  return mode === "listen"
    ? sign(config, conversationId, `listener:${userId}`, {
        canPublish: false,
        canPublishData: false,
        canSubscribe: true,
        hidden: true,
      })
    : sign(
        config,
        conversationId,
        `human:${userId}`,
        { canPublish: true, canPublishData: false, canSubscribe: true },
        "Human agent",
      );
}

export const staffTokenSchema = z.strictObject({
  conversationId: z.uuid(),
  mode: z.enum(["listen", "takeover"]),
});

/**
 * POST /api/livekit/token: a member (or above) of the conversation's workspace, as RLS sees
 * them, gets a token for its room while the call is active. A viewer or someone outside the
 * workspace is refused (403), an unknown conversation is 404 and an ended call 409. A
 * publish (takeover) token needs the caller of this route to hold the call (409 otherwise).
 */
export async function grantStaffToken(
  user: Claims,
  input: z.infer<typeof staffTokenSchema>,
): Promise<RoomAccess> {
  const config = livekitConfig();
  if (!config) throw new AppError("not_found", "LiveKit is not configured", 404);
  await withUser(user, async (trx) => {
    const call = await findRoomCall(trx, input.conversationId);
    if (!call) {
      if (await conversationExists(trx, input.conversationId)) throw forbidden();
      throw notFound("Conversation");
    }
    if (!(await hasRole(trx, call.workspace_id, "member"))) throw forbidden();
    if (call.status !== "active") throw new AppError("conflict", "This call has ended", 409);
    // Speaking into the room is for the person holding the call (the Live page's Take over),
    // so the agent is silent while they talk; listening needs no hold.
    if (input.mode === "takeover") {
      const hold = await activeHold(trx, { id: call.id, startedAt: call.started_at });
      if (hold?.heldBy !== user.sub)
        throw new AppError("conflict", "Take over the call first, then join by voice", 409);
    }
  });
  return staffToken(config, input.conversationId, user.sub, input.mode);
}

const forbidden = () =>
  new AppError("forbidden", "Only members of this workspace can listen to or take over calls", 403);
