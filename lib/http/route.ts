// The one wrapper every API route goes through. In order: rate limit (by the trusted client
// address), who may call, params / query / body parsed with zod (plus the text checks in
// ./parse), then the handler. Every error becomes { error: { code, message } } with its
// status (5xx are logged and sent to Sentry); every response carries x-request-id, and every
// log line written during the request names it.
//
//   export const POST = route({ auth: "user", params: idParams, body: inputSchema },
//     async ({ user, params, body }) => NextResponse.json(await doIt(user, params, body)));
//
// The bare form route(async (req, ctx) => ...) still works (no parsing, errors mapped).
import { type NextRequest, NextResponse } from "next/server";
import type { z } from "zod";
import { type ApiKeyPrincipal, authenticateApiKey } from "@/lib/api-keys/authenticate";
import { type Claims, type CookieJar, readClaims } from "@/lib/auth";
import type { CookieOptions } from "@/lib/auth/cookies";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { errorBody, unauthorized } from "@/lib/errors";
import {
  requestContext,
  requestIdFrom,
  runWithRequestContext,
  setConversationId,
} from "@/lib/observability/context";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import { clientAddress, enforceRateLimit, type RateLimitName } from "@/lib/ratelimit";
import { type CallClaims, requireCallToken } from "@/lib/voice/call-token";
import { parseInput, parseParams, queryObject, readJsonValue } from "./parse";

export { readJson } from "./parse";

type NextContext = { params: Promise<unknown> };
type Handler = (req: NextRequest, ctx: NextContext) => Promise<Response>;
type BareHandler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

/**
 * Who may call: anyone, a signed-in user (session cookie), a caller (call token), or an API
 * key (`Authorization: Bearer vx_…`, rate limited per key; the handler runs its queries as
 * the key's creator with withUser, in the key's workspace: `apiKey.claims`, `.workspaceId`).
 */
export type Auth = "public" | "user" | "caller" | "apiKey";
type Principal<A extends Auth> = A extends "user"
  ? { user: Claims }
  : A extends "caller"
    ? { caller: CallClaims }
    : A extends "apiKey"
      ? { apiKey: ApiKeyPrincipal }
      : Record<never, never>;

type Cookies = ReturnType<typeof requestCookies>;

const authenticators: {
  [A in Auth]: (req: NextRequest, cookies: Cookies) => Promise<Principal<A>>;
} = {
  public: async () => ({}),
  user: async (_req, cookies) => {
    const user = await readClaims(cookies.jar);
    if (!user) throw unauthorized();
    return { user };
  },
  caller: async (req) => {
    const caller = await requireCallToken(req);
    setConversationId(caller.sub);
    return { caller };
  },
  apiKey: async (req) => ({ apiKey: await authenticateApiKey(req.headers) }),
};

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<A extends Auth, P, Q, B> {
  /** Default "public". */
  auth?: A;
  params?: P;
  query?: Q;
  /** A JSON body (exactly application/json). An empty body is parsed as undefined. */
  body?: B;
  /** Counted per client address before anything else runs. */
  rateLimit?: RateLimitName;
  /**
   * Refuse a cross-origin mutation (CSRF, lib/auth/csrf.ts). Always on for auth "user";
   * set it on public routes that set cookies (sign-in, sign-up, sign-out).
   */
  sameOrigin?: boolean;
}

export type RouteContext<A extends Auth, P, Q, B> = {
  req: NextRequest;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The request's cookies; cookies set through `jar` are applied to the response. */
  cookies: Cookies;
  requestId: string;
} & Principal<A>;

export function route<P = Record<string, never>>(fn: BareHandler<P>): BareHandler<P>;
export function route<
  A extends Auth = "public",
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(
  options: RouteOptions<A, P, Q, B>,
  fn: (ctx: RouteContext<A, P, Q, B>) => Promise<Response>,
): Handler;
export function route(
  a: BareHandler<never> | RouteOptions<Auth, unknown, unknown, unknown>,
  b?: (ctx: never) => Promise<Response>,
): Handler {
  return typeof a === "function"
    ? wrap(() => undefined, a as Handler)
    : wrap((req) => requestCookies(req), structured(a, b!));
}

/** The request-id context and error mapping shared by both forms. */
function wrap(
  cookiesFor: (req: NextRequest) => Cookies | undefined,
  fn: (req: NextRequest, ctx: NextContext, cookies?: Cookies) => Promise<Response>,
): Handler {
  return (req, ctx) => {
    const requestId = requestIdFrom(req.headers);
    return runWithRequestContext({ requestId }, async () => {
      const cookies = cookiesFor(req);
      let res: Response;
      try {
        res = await fn(req, ctx, cookies);
      } catch (error) {
        res = errorResponse(error, req);
      }
      // Cookies set during the request land on errors too (e.g. a dead session cleared).
      if (cookies && res instanceof NextResponse) cookies.apply(res);
      return withRequestId(res, requestId);
    });
  };
}

function structured(
  options: RouteOptions<Auth, unknown, unknown, unknown>,
  fn: (ctx: never) => Promise<Response>,
) {
  return async (req: NextRequest, ctx: NextContext, cookies?: Cookies) => {
    // API keys are also limited per address first, so made-up keys cannot cost a lookup each.
    const limit = options.rateLimit ?? (options.auth === "apiKey" ? "apiClient" : undefined);
    if (limit) await enforceRateLimit(limit, clientAddress(req));
    if (options.sameOrigin || options.auth === "user") assertSameOrigin(req.headers, req.method);
    const principal = await authenticators[options.auth ?? "public"](req, cookies!);
    const rawParams = ((await ctx.params) ?? {}) as Record<string, unknown>;
    const params = options.params ? parseParams(options.params as z.ZodType, rawParams) : undefined;
    const query = options.query
      ? parseInput(options.query as z.ZodType, queryObject(req.nextUrl), "query")
      : undefined;
    const body = options.body
      ? parseInput(options.body as z.ZodType, await readJsonValue(req), "body")
      : undefined;
    const requestId = requestContext()?.requestId ?? "";
    return fn({ req, params, query, body, cookies, requestId, ...principal } as never);
  };
}

function withRequestId(res: Response, requestId: string): Response {
  try {
    res.headers.set("x-request-id", requestId);
  } catch {
    // Some responses (e.g. a proxied fetch) have immutable headers; the id is in the logs.
  }
  return res;
}

/**
 * The path for logs and Sentry, with secrets that live in a path (a signed audio token) cut
 * out: a long segment that is not a uuid or hex id.
 */
export const loggablePath = (pathname: string) =>
  pathname
    .split("/")
    .map((seg) => (seg.length >= 32 && /[^0-9a-f-]/i.test(seg) ? "[redacted]" : seg))
    .join("/");

export function errorResponse(error: unknown, req?: Request) {
  const { status, body, headers } = errorBody(error);
  if (status >= 500) {
    const path = req && loggablePath(new URL(req.url).pathname);
    logger.error({ err: error, path }, "request failed");
    captureError(error, { route: path });
  }
  return NextResponse.json(body, { status, headers });
}

/** A cookie jar over the request, collecting cookies to set on the response. */
export function requestCookies(req: NextRequest) {
  const pending: { name: string; value: string; options: CookieOptions }[] = [];
  const jar: CookieJar = {
    getAll: () => req.cookies.getAll(),
    setAll: (cookies) => void pending.push(...cookies),
  };
  const apply = <R extends NextResponse>(res: R) => {
    for (const { name, value, options } of pending.splice(0)) res.cookies.set(name, value, options);
    return res;
  };
  return { jar, apply };
}

/** For routes on the bare form: the signed-in user's claims (same-origin checked), else 401. */
export async function requireClaims(req: NextRequest) {
  assertSameOrigin(req.headers, req.method);
  const claims = await readClaims(requestCookies(req).jar);
  if (!claims) throw unauthorized();
  return claims;
}
