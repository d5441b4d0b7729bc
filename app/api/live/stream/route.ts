// GET /api/live/stream — server-sent events: the current workspace's calls in progress and their turns
import { route } from "@/lib/http/route";
import { sseResponse } from "@/lib/http/sse";
import { monitorFeed } from "@/lib/live/monitor";
import { resolveActor } from "@/lib/workspaces/current";

export const maxDuration = 60;
/** A stream ends before the platform's limit; EventSource reconnects and gets a fresh snapshot. */
const STREAM_MS = 50_000;

export const GET = route({ auth: "user" }, async ({ user, cookies }) => {
  const actor = await resolveActor(user, cookies.jar);
  const stop = new AbortController();
  const events = monitorFeed(user, actor.workspaceId, stop.signal, STREAM_MS);
  return sseResponse(events, () => stop.abort());
});
