// LiveKit's settings from the environment, or null when LiveKit is not configured (lib/env.ts
// refuses a half-configured one at startup).
import { env } from "@/lib/env";

export interface LiveKitConfig {
  /** The server's URL as the browser dials it (wss://…). */
  url: string;
  apiKey: string;
  apiSecret: string;
}

export function livekitConfig(): LiveKitConfig | null {
  const e = env();
  if (!e.enabled.livekit) return null;
  return { url: e.LIVEKIT_URL!, apiKey: e.LIVEKIT_API_KEY!, apiSecret: e.LIVEKIT_API_SECRET! };
}

/** A call's room: one per conversation. */
export const roomName = (conversationId: string) => `call_${conversationId}`;

const ROOM = /^call_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The conversation a room belongs to, or null for a room Voxline did not name. */
export function conversationOfRoom(room: string | undefined): string | null {
  return ROOM.exec(room ?? "")?.[1]?.toLowerCase() ?? null;
}
