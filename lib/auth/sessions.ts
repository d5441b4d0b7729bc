// Server-side sessions: a row in auth.sessions per signed-in browser (local auth writes it;
// on Supabase, GoTrue does). A token is honoured only while its row exists, so signing out
// (which deletes the row) or deleting the user (which cascades) ends it at once, however
// long the token itself has left.
import { sql } from "kysely";
import { getDb } from "@/lib/db/client";
import { withServiceRole } from "@/lib/db/scoped";

export async function createSession(userId: string, seconds: number): Promise<string> {
  const { rows } = await withServiceRole("local sign-in starts a server-side session", (trx) =>
    sql<{ id: string }>`insert into auth.sessions (user_id, not_after)
      values (${userId}, now() + make_interval(secs => ${seconds})) returning id`.execute(trx),
  );
  return rows[0]!.id;
}

export async function deleteSession(sessionId: string, userId: string) {
  await withServiceRole("sign-out revokes the server-side session", (trx) =>
    sql`delete from auth.sessions where id = ${sessionId} and user_id = ${userId}`.execute(trx),
  );
}

/**
 * Whether the session is still live: one indexed lookup per request. Read as the connecting
 * role, outside a transaction: on Supabase that role can read auth.sessions, where
 * service_role may not.
 */
export async function sessionIsActive(sessionId: unknown, userId: string): Promise<boolean> {
  if (typeof sessionId !== "string" || !/^[0-9a-f-]{36}$/i.test(sessionId)) return false;
  const { rows } = await sql<{ ok: number }>`select 1 as ok from auth.sessions
    where id = ${sessionId} and user_id = ${userId}
      and (not_after is null or not_after > now())`.execute(await getDb());
  return rows.length > 0;
}
