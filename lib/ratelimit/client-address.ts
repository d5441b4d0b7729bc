// Whose request is this, for rate limits? Never a header the client can write.
//
// `next start` keeps a client-sent X-Forwarded-For as is (base-server.js: `??=`, the socket
// address only when the header is absent), so on a bare Node server that header is whatever
// the client typed. TRUST_PROXY says who may be believed:
//   vercel  the platform's x-real-ip (Vercel overwrites it and X-Forwarded-For per request);
//   none    the TCP peer, stamped on each request by our own server (lib/http/node-server);
//   1..10   that many reverse proxies of ours append to X-Forwarded-For: the entry that far
//           from the right is the one the outermost proxy saw.
// Default: vercel on Vercel (VERCEL=1), else none.
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";

/** Set by this server from the socket; a client-sent value is overwritten before Next sees it. */
export const SOCKET_ADDRESS_HEADER = "x-voxline-socket-address";

export type TrustProxy = "vercel" | "none" | number;

export function trustProxy(): TrustProxy {
  const { TRUST_PROXY, VERCEL } = env();
  if (TRUST_PROXY !== undefined) return TRUST_PROXY;
  return VERCEL ? "vercel" : "none";
}

const firstOf = (value: string | null) => value?.split(",")[0]?.trim() || undefined;

let warned = false;

/** The address rate limits are keyed by (never a spoofable header; see the banner). */
export function clientAddress(req: Request, mode: TrustProxy = trustProxy()): string {
  const headers = req.headers;
  const socket = headers.get(SOCKET_ADDRESS_HEADER) ?? undefined;
  if (mode === "vercel")
    return (
      firstOf(headers.get("x-real-ip")) ?? firstOf(headers.get("x-forwarded-for")) ?? "unknown"
    );
  if (typeof mode === "number") {
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim());
    const seen = hops.length >= mode ? hops[hops.length - mode] : undefined;
    return seen || socket || "unknown";
  }
  if (!socket && !warned) {
    warned = true;
    logger.warn("no socket address on the request: every client shares one rate limit");
  }
  return socket ?? "unknown";
}
