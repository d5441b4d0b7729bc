// Calls a real route handler with a real NextRequest, as Next.js would.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";

/** An address in the IPv6 documentation prefix (RFC 3849): a label only, never contacted. */
export const randomTestIp = () =>
  `2001:db8::${randomBytes(4)
    .toString("hex")
    .replace(/(.{4})/, "$1:")}`;

type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  cookie?: string;
  params?: Record<string, string>;
  /** FormData is sent as multipart, a string as-is, any other object as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The TCP peer address the server would stamp (TRUST_PROXY=none); random by default. */
  clientAddress?: string;
}

/** The handler's Response as it comes, unread (for streams a test reads only the start of). */
export async function send(
  handler: Handler,
  path: string,
  options: CallOptions = {},
): Promise<Response> {
  const headers = new Headers(options.headers);
  let body: string | FormData | undefined;
  if (typeof options.body === "string" || options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  if (options.cookie) headers.set("cookie", options.cookie);
  // Each call looks like a different client unless a test says otherwise, so rate limits
  // (keyed by the socket address, as our server stamps it) only bite in the tests about them.
  if (options.clientAddress) headers.set(SOCKET_ADDRESS_HEADER, options.clientAddress);
  if (!headers.has(SOCKET_ADDRESS_HEADER)) headers.set(SOCKET_ADDRESS_HEADER, randomTestIp());
  const req = new NextRequest(new URL(path, "http://localhost:3000"), {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  return handler(req, { params: Promise.resolve(options.params ?? {}) });
}

export async function call(handler: Handler, path: string, options: CallOptions = {}) {
  const res = await send(handler, path, options);
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json, headers: res.headers };
}
