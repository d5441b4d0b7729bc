// Every user-facing query runs inside withUser: one transaction that sets Supabase's
// request.jwt.claims and switches to the `authenticated` role, so Postgres's RLS policies,
// not app code, decide which rows a user can see or change. A caller's routes use withCaller
// (one conversation, by the call token), and only named server paths the service role.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Claims } from "@/lib/auth/claims";
import { getDb } from "./client";
import type { DB } from "./schema.gen";

export type Tx = Transaction<DB>;

async function scoped<T>(
  role: "authenticated" | "service_role" | "anon" | "voxline_caller" | "voxline_api_key",
  claims: Record<string, unknown>,
  fn: (trx: Tx) => Promise<T>,
  db?: Kysely<DB>,
): Promise<T> {
  return (db ?? (await getDb())).transaction().execute(async (trx) => {
    await sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
      set_config('role', ${role}, true)`.execute(trx);
    return fn(trx);
  });
}

/** Runs `fn` as the signed-in user; RLS applies. */
export function withUser<T>(claims: Claims, fn: (trx: Tx) => Promise<T>, db?: Kysely<DB>) {
  return scoped("authenticated", claims, fn, db);
}

/** Runs `fn` as an anonymous visitor; RLS applies and grants nothing. */
export function withAnon<T>(fn: (trx: Tx) => Promise<T>, db?: Kysely<DB>) {
  return scoped("anon", { role: "anon" }, fn, db);
}

/** The call token's claims that bind a caller to one conversation (lib/voice/call-token.ts). */
export interface CallerClaims {
  /** The conversation's id. */
  sub: string;
  /** The conversation's started_at (ISO 8601), the other half of its key. */
  sat: string;
  /** The campaign's workspace id (the tenant; the call token's `own` claim). */
  own: string;
  /** The campaign's id. */
  cmp: string;
}

/**
 * Runs `fn` as the holder of a call token, with the narrow `voxline_caller` role: RLS lets it
 * read its own conversation and its campaign's caller-facing settings, update the
 * conversation's turn count, costs and end, and read and write that conversation's turns;
 * nothing else (no leads, no other conversation, no deletes).
 */
export function withCaller<T>(claims: CallerClaims, fn: (trx: Tx) => Promise<T>, db?: Kysely<DB>) {
  const jwt = {
    role: "voxline_caller",
    conversation_id: claims.sub,
    conversation_started_at: claims.sat,
    workspace_id: claims.own,
    campaign_id: claims.cmp,
  };
  return scoped("voxline_caller", jwt, fn, db);
}

/**
 * Runs `fn` with the service role, which bypasses RLS. Only for server paths with no
 * signed-in user (public call start, webhooks, post-call analysis, local auth); `reason`
 * names the path so every use is greppable and explained at the call site.
 */
export function withServiceRole<T>(reason: string, fn: (trx: Tx) => Promise<T>, db?: Kysely<DB>) {
  return scoped("service_role", { role: "service_role", reason }, fn, db);
}

/**
 * Runs `fn` as `voxline_api_key`, which may only call public.resolve_api_key: what the public
 * API's key check runs as before it knows whose key it is (lib/api-keys/authenticate.ts).
 */
export function withApiKeyCheck<T>(fn: (trx: Tx) => Promise<T>, db?: Kysely<DB>) {
  return scoped("voxline_api_key", { role: "voxline_api_key" }, fn, db);
}
