// The one wrapper for route handlers: errors become { error: { code, message } } JSON with
// the right status (5xx also go to Sentry); every response echoes x-request-id, and logs
// written during the request carry it. Helpers parse bodies with zod and read the claims.
import { type NextRequest, NextResponse } from "next/server";
import type { z } from "zod";
import { type CookieJar, readClaims } from "@/lib/auth";
import type { CookieOptions } from "@/lib/auth/cookies";
import { AppError, errorBody, fromZod, unauthorized } from "@/lib/errors";
import { requestIdFrom, runWithRequestContext } from "@/lib/observability/context";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";

type Handler<P> = (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>;

export function route<P = Record<string, never>>(fn: Handler<P>): Handler<P> {
  return async (req, ctx) => {
    const requestId = requestIdFrom(req.headers);
    return runWithRequestContext({ requestId }, async () => {
      let res: Response;
      try {
        res = await fn(req, ctx);
      } catch (error) {
        res = errorResponse(error, req);
      }
      return withRequestId(res, requestId);
    });
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

export function errorResponse(error: unknown, req?: Request) {
  const { status, body, headers } = errorBody(error);
  if (status >= 500) {
    const path = req && new URL(req.url).pathname;
    logger.error({ err: error, path }, "request failed");
    captureError(error, { route: path });
  }
  return NextResponse.json(body, { status, headers });
}

const MAX_JSON_BYTES = 64 * 1024;

/** Reads a JSON body and parses it with `schema`; 415 / 413 / 400 on anything else. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new AppError(
      "unsupported_media_type",
      "Send a JSON body (Content-Type: application/json)",
      415,
    );
  }
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BYTES) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw tooLarge();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON", 400);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

const tooLarge = () =>
  new AppError("payload_too_large", `The body is over ${MAX_JSON_BYTES / 1024} KiB`, 413);

/** A cookie jar over the request, collecting cookies to set on the response. */
export function requestCookies(req: NextRequest) {
  const pending: { name: string; value: string; options: CookieOptions }[] = [];
  const jar: CookieJar = {
    getAll: () => req.cookies.getAll(),
    setAll: (cookies) => void pending.push(...cookies),
  };
  const apply = <R extends NextResponse>(res: R) => {
    for (const { name, value, options } of pending) res.cookies.set(name, value, options);
    return res;
  };
  return { jar, apply };
}

export async function requireClaims(req: NextRequest) {
  const claims = await readClaims(requestCookies(req).jar);
  if (!claims) throw unauthorized();
  return claims;
}
