// A local stand-in for PostHog's capture API: `POST /batch/` with
// { api_key, batch: [{ event, distinct_id, properties }] }, plain or gzip-compressed as
// posthog-node sends it. Keeps every event so tests can read what was actually delivered.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface CapturedEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  api_key: string;
}

export async function startPostHog(apiKey = "phc_standin") {
  const events: CapturedEvent[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method === "POST" && url.pathname === "/batch/") {
      const gzip =
        req.headers["content-encoding"] === "gzip" ||
        url.searchParams.get("compression") === "gzip-js";
      if (gzip) body = gunzipSync(body);
      const { api_key, batch } = JSON.parse(body.toString("utf8"));
      if (api_key !== apiKey) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ type: "authentication_error" }));
        return;
      }
      for (const e of batch) events.push({ ...e, api_key });
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"Ok"}');
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    apiKey,
    events: () => events,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
