// The one NDJSON encoder for the call engine's events (CONTRACTS.md wire format): one JSON
// object per line; an audio event's PCM becomes "format":"pcm_s16le","data":"<base64>", and
// the done line carries the fresh call token. The client going away cancels the turn.
import type { CallEvent, FeedEvent } from "@/lib/voice/events";

const encoder = new TextEncoder();

export const NDJSON_HEADERS = {
  "content-type": "application/x-ndjson; charset=utf-8",
  "cache-control": "no-store",
};

export function encodeEvent(event: CallEvent | FeedEvent, callToken: string): string {
  if (event.type === "audio") {
    const { pcm, ...rest } = event;
    const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString("base64");
    return `${JSON.stringify({ ...rest, format: "pcm_s16le", data })}\n`;
  }
  if (event.type === "done") return `${JSON.stringify({ ...event, callToken })}\n`;
  return `${JSON.stringify(event)}\n`;
}

/** Streams the events as an application/x-ndjson response. */
export function ndjsonResponse(
  events: AsyncIterable<CallEvent | FeedEvent>,
  callToken: string,
  onCancel?: () => void,
): Response {
  const iterator = events[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(encodeEvent(next.value, callToken)));
    },
    cancel() {
      onCancel?.();
    },
  });
  return new Response(stream, { headers: { ...NDJSON_HEADERS, "x-call-token": callToken } });
}
