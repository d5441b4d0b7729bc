// Server actions return a result instead of throwing, so forms can show field errors:
// { ok: true, data } or { ok: false, error: { code, message, fields? } }.
// Every action is a cookie-authenticated mutation: it must come from the app's own origin
// (CSRF, checked against the configured origins rather than Next's Host comparison) and
// name a live session. A command acts in the user's current workspace (the vx_workspace
// cookie, re-checked against their memberships: lib/workspaces/current.ts).
import "server-only";
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { type CookieJar, readClaims } from "@/lib/auth";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { nextCookieJar } from "@/lib/auth/server";
import { type ErrorBody, errorBody, unauthorized } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import type { Actor } from "@/lib/workspaces/actor";
import { resolveActor } from "@/lib/workspaces/current";

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false; status: number } & ErrorBody);

export interface ActionRequest {
  headers: Headers;
  jar: CookieJar;
}

/** The action's request, as Next.js hands it to a server action. */
async function currentRequest(): Promise<ActionRequest> {
  return { headers: new Headers(await headers()), jar: await nextCookieJar() };
}

/** runAction with the request passed in: what the tests call. */
export async function runActionFor<T>(
  request: ActionRequest,
  cmd: (actor: Actor, raw: unknown) => Promise<T>,
  raw: unknown,
  options: { revalidate?: string } = {},
): Promise<ActionResult<T>> {
  try {
    assertSameOrigin(request.headers, "POST");
    const claims = await readClaims(request.jar);
    if (!claims) throw unauthorized();
    const data = await cmd(await resolveActor(claims, request.jar), raw);
    if (options.revalidate) revalidatePath(options.revalidate, "layout");
    return { ok: true, data };
  } catch (error) {
    const { status, body } = errorBody(error);
    if (status >= 500) logger.error({ err: error }, "server action failed");
    return { ok: false, status, ...body };
  }
}

export async function runAction<T>(
  cmd: (actor: Actor, raw: unknown) => Promise<T>,
  raw: unknown,
  options: { revalidate?: string } = {},
): Promise<ActionResult<T>> {
  return runActionFor(await currentRequest(), cmd, raw, options);
}
