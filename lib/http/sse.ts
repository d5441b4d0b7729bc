// Server-sent events: one `data:` line of JSON per event, a comment every 15 s so proxies keep
// the connection open, and `retry` so the browser's EventSource reconnects quickly when the
// stream ends (a stream lasts less than a serverless function may run).
const encoder = new TextEncoder();
const PING_MS = 15_000;

export function sseResponse(events: AsyncIterable<unknown>, onCancel: () => void): Response {
  const iterator = events[Symbol.asyncIterator]();
  let ping: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("retry: 500\n\n"));
      ping = setInterval(() => controller.enqueue(encoder.encode(": ping\n\n")), PING_MS);
    },
    async pull(controller) {
      const next = await iterator.next().catch((error: unknown) => {
        clearInterval(ping);
        controller.error(error);
        return null;
      });
      if (!next) return;
      if (next.done) {
        clearInterval(ping);
        controller.close();
      } else controller.enqueue(encoder.encode(`data: ${JSON.stringify(next.value)}\n\n`));
    },
    cancel() {
      clearInterval(ping);
      onCancel();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
