// Serves the app's real route handlers over HTTP in the test process, so a vendor stand-in
// (Twilio) can call them as it calls a deployment: by URL, with its own headers and body.
// Each request becomes a NextRequest as Next.js builds it; the socket's address is stamped
// as the Node server guard does (TRUST_PROXY=none).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";

type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;
export type RouteTable = Record<string, Record<string, unknown>>;

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

const toRegex = (path: string) =>
  new RegExp(`^${path.replace(/\[([^\]/]+)\]/g, "(?<$1>[^/]+)")}/?$`);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startRouteServer(routes: RouteTable): Promise<RouteServer> {
  const table = Object.entries(routes).map(([path, methods]) => ({ re: toRegex(path), methods }));
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const match = table.map((r) => ({ r, m: r.re.exec(url.pathname) })).find((x) => x.m !== null);
      const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
      const handler = match?.r.methods[method] as Handler | undefined;
      if (!match || !handler) {
        res.writeHead(match ? 405 : 404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === "string") headers.set(k, v);
        else if (Array.isArray(v)) headers.set(k, v.join(", "));
      }
      headers.set(SOCKET_ADDRESS_HEADER, req.socket.remoteAddress ?? "127.0.0.1");
      const body = ["GET", "HEAD"].includes(req.method ?? "GET") ? undefined : await readBody(req);
      const nextReq = new NextRequest(url, {
        method: req.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
      });
      const params = Promise.resolve({ ...match.m!.groups });
      const answer = await handler(nextReq, { params });
      const bytes = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(req.method === "HEAD" ? undefined : bytes);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  // Longer than any pause between a test's requests: fetch reuses idle keep-alive sockets,
  // and one the server closed at that moment would fail the next request (ECONNRESET).
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
