// Creating and deleting a call's room through LiveKit's RoomService (Twirp). Both are best
// effort: a LiveKit that errors or hangs never fails or holds up a call. Each request runs
// under its own deadline (setTimeout + AbortController, see lib/voice/deadline.ts): the SDK's
// own timeout is AbortSignal.timeout, which Node 20 may lose after a garbage collection.
import { RoomServiceClient } from "livekit-server-sdk";
import { logger } from "@/lib/observability/logger";
import { withDeadline } from "@/lib/voice/deadline";
import { type LiveKitConfig, livekitConfig, roomName } from "./config";

export const ROOM_TIMING = {
  /** Longest a room's creation may take; past it the call goes on without a room. */
  createDeadlineMs: 5_000,
  /**
   * Longest a call start waits for the room before answering: a LiveKit that has refused by
   * then means no room (livekit: null); one still working on it gets the caller a token and
   * finishes after the response (the page's join then finds the room, or fails harmlessly).
   */
  startWaitMs: 1_000,
};
/** The defaults; tests change ROOM_TIMING to pick which of the two bounds a case meets. */
export const DEFAULT_ROOM_TIMING = { ...ROOM_TIMING };
/** Longest an ended call's room deletion may take (after the response). */
export const ROOM_DELETE_DEADLINE_MS = 5_000;
/** A room nobody joins (or everybody left) closes after this many seconds. */
export const ROOM_EMPTY_TIMEOUT_S = 120;
/** The caller, a human taking over, and a few hidden listeners. */
export const ROOM_MAX_PARTICIPANTS = 8;

export interface RoomMetadata {
  conversationId: string;
  /** Half of the conversation's key (conversations are partitioned by it). */
  startedAt: string;
  campaignId: string;
  workspaceId: string;
}

function client(config: LiveKitConfig, deadlineMs: number) {
  // The SDK's own timeout a little past ours, so a hung socket is closed either way.
  return new RoomServiceClient(config.url, config.apiKey, config.apiSecret, {
    requestTimeout: Math.ceil(deadlineMs / 1000) + 1,
    failover: false,
  });
}

/** Resolves with the SDK's answer or rejects when the deadline passes first. */
function bounded<T>(label: string, ms: number, work: () => Promise<T>): Promise<T> {
  return withDeadline(
    label,
    ms,
    undefined,
    (signal) =>
      new Promise<T>((resolve, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        work().then(resolve, reject);
      }),
  );
}

/**
 * Creates `call_<conversation id>` with the call's ids in its metadata. True when LiveKit
 * created it in time; false (logged) when LiveKit is not configured, errs or is too slow.
 */
export async function createCallRoom(
  meta: RoomMetadata,
  deadlineMs = ROOM_TIMING.createDeadlineMs,
): Promise<boolean> {
  const config = livekitConfig();
  if (!config) return false;
  const name = roomName(meta.conversationId);
  try {
    await bounded("livekit create room", deadlineMs, () =>
      client(config, deadlineMs).createRoom({
        name,
        emptyTimeout: ROOM_EMPTY_TIMEOUT_S,
        departureTimeout: 20,
        maxParticipants: ROOM_MAX_PARTICIPANTS,
        metadata: JSON.stringify(meta),
      }),
    );
    return true;
  } catch (err) {
    logger.warn({ err, room: name }, "livekit room not created: the call goes on without it");
    return false;
  }
}

/** `work`'s result, or "pending" when it has not settled within `ms` (it goes on). */
export async function settledWithin<T>(work: Promise<T>, ms: number): Promise<T | "pending"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wait = new Promise<"pending">((resolve) => {
    timer = setTimeout(() => resolve("pending"), ms);
  });
  try {
    return await Promise.race([work, wait]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A RoomService call on an existing call's room after the response: best effort, bounded,
 * logged; LiveKit's 404 (the room or participant is already gone) is fine.
 */
async function onCallRoom(
  conversationId: string,
  what: string,
  work: (service: RoomServiceClient, room: string) => Promise<unknown>,
  deadlineMs: number,
): Promise<void> {
  const config = livekitConfig();
  if (!config) return;
  const name = roomName(conversationId);
  try {
    await bounded(`livekit ${what}`, deadlineMs, () => work(client(config, deadlineMs), name));
  } catch (err) {
    if ((err as { status?: number }).status === 404) return;
    logger.warn({ err, room: name }, `livekit ${what} failed`);
  }
}

/**
 * Takes a member who handed the call back out of its room, so the publish token they joined
 * with stops carrying their voice to the caller; one who never joined or already left is fine.
 */
export const removeHumanFromRoom = (
  conversationId: string,
  userId: string,
  deadlineMs = ROOM_DELETE_DEADLINE_MS,
) =>
  onCallRoom(
    conversationId,
    "remove participant",
    (service, room) => service.removeParticipant(room, `human:${userId}`),
    deadlineMs,
  );

/** Deletes an ended call's room; a room already gone is fine. */
export const deleteCallRoom = (conversationId: string, deadlineMs = ROOM_DELETE_DEADLINE_MS) =>
  onCallRoom(
    conversationId,
    "delete room",
    (service, room) => service.deleteRoom(room),
    deadlineMs,
  );
