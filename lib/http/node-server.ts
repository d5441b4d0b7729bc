// Guards on the Node HTTP server itself, installed once at start (instrumentation.ts), for
// what must happen before Next.js sees a request:
// - each request is stamped with its TCP peer address (SOCKET_ADDRESS_HEADER), replacing any
//   client-sent copy: the rate-limit key under TRUST_PROXY=none;
// - TRACE and TRACK are answered 405 here: undici's Request refuses to construct them, so
//   Next.js answers them with an HTML 500 before the proxy or any route can run.
// On Vercel there is no such server; the platform sets the client address itself.
import http from "node:http";
import https from "node:https";
import { requestIdFrom } from "@/lib/observability/context";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import { gateApiRequest } from "./api-gate";

const UNCONSTRUCTIBLE = new Set(["TRACE", "TRACK"]);
const INSTALLED = Symbol.for("voxline.nodeServerGuards");

/** Answers a method Next.js cannot handle; false when the request should go on to Next. */
function answerUnconstructible(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!req.method || !UNCONSTRUCTIBLE.has(req.method)) return false;
  const pathname = (req.url ?? "/").split("?", 1)[0]!;
  const gate = pathname.startsWith("/api/") ? gateApiRequest(req.method, pathname) : null;
  const status = gate?.status ?? 405;
  const allow = gate ? gate.headers.allow : "GET, HEAD, OPTIONS, POST";
  const body = gate?.body ?? {
    error: { code: "method_not_allowed", message: `${req.method} is not allowed` },
  };
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "x-request-id": requestIdFrom(
      new Headers({ "x-request-id": String(req.headers["x-request-id"] ?? "") }),
    ),
    ...(allow ? { allow } : {}),
  });
  res.end(JSON.stringify(body));
  req.resume();
  return true;
}

export function installServerGuards() {
  for (const Server of [http.Server, https.Server]) {
    const proto = Server.prototype as unknown as Record<symbol, unknown> & {
      emit: (event: string | symbol, ...args: unknown[]) => boolean;
    };
    if (proto[INSTALLED]) continue;
    proto[INSTALLED] = true;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event, ...args) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        req.headers[SOCKET_ADDRESS_HEADER] = req.socket?.remoteAddress ?? "unknown";
        if (answerUnconstructible(req, args[1] as http.ServerResponse)) return true;
      }
      return emit.call(this, event, ...args);
    };
  }
}
