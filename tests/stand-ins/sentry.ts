// A local stand-in for Sentry's ingest: `POST /api/<project>/envelope/` takes an envelope
// (a header line, then item-header / payload pairs, gzip-compressed when large), checks
// the DSN's public key, and keeps every item so tests can read what was actually sent.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export interface EnvelopeItem {
  type: string;
  payload: any;
}

function parseEnvelope(body: Buffer): EnvelopeItem[] {
  const items: EnvelopeItem[] = [];
  let at = body.indexOf(10) + 1; // skip the envelope header
  while (at > 0 && at < body.length) {
    const headerEnd = body.indexOf(10, at);
    const header = JSON.parse(body.toString("utf8", at, headerEnd < 0 ? undefined : headerEnd));
    const start = headerEnd + 1;
    const end = typeof header.length === "number" ? start + header.length : body.indexOf(10, start);
    const raw = body.toString("utf8", start, end < 0 ? undefined : end);
    let payload: unknown = raw;
    try {
      payload = JSON.parse(raw);
    } catch {}
    items.push({ type: header.type, payload });
    if (end < 0) break;
    at = end + 1;
  }
  return items;
}

export async function startSentry(project = "4242", publicKey = "standinpublickey") {
  const items: EnvelopeItem[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://stand-in");
    if (req.method !== "POST" || url.pathname !== `/api/${project}/envelope/`) {
      res.writeHead(404).end();
      return;
    }
    const auth = `${req.headers["x-sentry-auth"] ?? ""} ${url.searchParams.get("sentry_key") ?? ""}`;
    if (!auth.includes(publicKey)) {
      res.writeHead(401).end();
      return;
    }
    if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
    items.push(...parseEnvelope(body));
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${project}`,
    /** Error events received so far. */
    events: () => items.filter((i) => i.type === "event").map((i) => i.payload),
    raw: () => items,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
