// Serving the route fuzz test's requests the way the server does: the Node guard (TRACE),
// proxy.ts, then the route file's export for the method (HEAD → GET, OPTIONS automatic) or
// the JSON 404 catch-all.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { NextRequest } from "next/server";
import { gateApiRequest } from "@/lib/http/api-gate";
import { API_ROUTES } from "@/lib/http/api-routes";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import { proxy } from "@/proxy";

export interface Spec {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** JSON value (sent as JSON), a raw string, a multipart form or a urlencoded form. */
  body?:
    | { json: unknown }
    | { raw: string }
    | { form: [string, string | Blob][] }
    | { urlencoded: Record<string, string> };
}

type Handler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;
const modules = new Map<string, Record<string, Handler>>();
async function moduleFor(pattern: string) {
  const file = path.join(process.cwd(), "app", pattern, "route.ts");
  if (!modules.has(pattern)) modules.set(pattern, await import(/* @vite-ignore */ file));
  return modules.get(pattern)!;
}

function match(pathname: string): { pattern: string; params: Record<string, string | string[]> } {
  const parts = pathname.split("/").filter(Boolean);
  for (const pattern of Object.keys(API_ROUTES)) {
    const want = pattern.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const same = want.every((w, i) => {
      if (!w.startsWith("[")) return w === parts[i];
      params[w.slice(1, -1)] = decodeURIComponent(parts[i]!);
      return true;
    });
    if (same) return { pattern, params };
  }
  return { pattern: "/api/[...path]", params: { path: parts.slice(1).map(decodeURIComponent) } };
}

/** The URL `spec` is sent to. */
export function urlOf(spec: Spec): URL {
  const url = new URL(`http://localhost:3000${spec.path}`);
  for (const [k, v] of Object.entries(spec.query)) url.searchParams.append(k, v);
  return url;
}

/** The text of a urlencoded or raw body, as sent. */
export function bodyText(spec: Spec): string | undefined {
  if (spec.body && "urlencoded" in spec.body)
    return new URLSearchParams(spec.body.urlencoded).toString();
  if (spec.body && "raw" in spec.body) return spec.body.raw;
  return undefined;
}

/** Serves `spec` as the server would; returns the response. */
export async function dispatch(spec: Spec): Promise<Response> {
  const url = urlOf(spec);
  const headers = new Headers(spec.headers);
  headers.set(
    SOCKET_ADDRESS_HEADER,
    `2001:db8::${randomBytes(4)
      .toString("hex")
      .replace(/(.{4})/, "$1:")}`,
  );
  const pathname = url.pathname;
  if (spec.method === "TRACE" || spec.method === "TRACK") {
    // What lib/http/node-server.ts answers before Next.js (undici cannot build this Request).
    const gate = gateApiRequest(spec.method, pathname)!;
    return Response.json(gate.body, { status: gate.status, headers: gate.headers });
  }
  let body: BodyInit | undefined;
  // A GET or HEAD body cannot be built into a Request (Next.js would not pass one on either).
  if (spec.method === "GET" || spec.method === "HEAD") body = undefined;
  else if (spec.body && "json" in spec.body) body = JSON.stringify(spec.body.json);
  else if (spec.body && ("raw" in spec.body || "urlencoded" in spec.body)) body = bodyText(spec);
  else if (spec.body) {
    const form = new FormData();
    for (const [k, v] of spec.body.form) form.append(k, v);
    body = form;
  }
  const req = new NextRequest(url, { method: spec.method, headers, body });
  const early = await proxy(req);
  if (!early.headers.get("x-middleware-next")) return early;
  const { pattern, params } = match(pathname);
  const mod = await moduleFor(pattern);
  const handler = mod[spec.method === "HEAD" ? "GET" : spec.method];
  if (!handler) throw new Error(`the proxy let ${spec.method} ${pathname} through`);
  return handler(req, { params: Promise.resolve(params) });
}
