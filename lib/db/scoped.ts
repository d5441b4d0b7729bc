// Every user-facing query runs inside withUser: one transaction that sets Supabase's
// request.jwt.claims and switches to the `authenticated` role, so Postgres's RLS policies,
// not app code, decide which rows a user can see or change.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Claims } from "@/lib/auth/claims";
import { getDb } from "./client";
import type { DB } from "./schema.gen";

export type Tx = Transaction<DB>;

async function scoped<T>(
  role: "authenticated" | "service_role" | "anon",
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

/**
 * Runs `fn` with the service role, which bypasses RLS. Only for server paths with no
 * signed-in user (public call start, webhooks, post-call analysis, local auth); `reason`
 * names the path so every use is greppable and explained at the call site.
 */
export function withServiceRole<T>(reason: string, fn: (trx: Tx) => Promise<T>, db?: Kysely<DB>) {
  return scoped("service_role", { role: "service_role", reason }, fn, db);
}
