// Server actions return a result instead of throwing, so forms can show field errors:
// { ok: true, data } or { ok: false, error: { code, message, fields? } }.
import "server-only";
import { revalidatePath } from "next/cache";
import type { Claims } from "@/lib/auth/claims";
import { getClaims } from "@/lib/auth/server";
import { type ErrorBody, errorBody, unauthorized } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

export async function runAction<T>(
  cmd: (claims: Claims, raw: unknown) => Promise<T>,
  raw: unknown,
  options: { revalidate?: string } = {},
): Promise<ActionResult<T>> {
  try {
    const claims = await getClaims();
    if (!claims) throw unauthorized();
    const data = await cmd(claims, raw);
    if (options.revalidate) revalidatePath(options.revalidate, "layout");
    return { ok: true, data };
  } catch (error) {
    const { status, body } = errorBody(error);
    if (status >= 500) logger.error({ err: error }, "server action failed");
    return { ok: false, ...body };
  }
}
