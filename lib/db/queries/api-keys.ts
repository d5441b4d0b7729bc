// API key rows. Listing, creating and revoking run as the signed-in user (withUser: RLS lets
// members list and admins create and revoke); the hash is never selected (the client roles
// are not even granted that column). Resolving a presented key runs as voxline_api_key.
import { sql } from "kysely";
import type { Tx } from "../scoped";

export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  createdBy: string;
  /** The creator's email, while they are a member of the workspace. */
  createdByEmail: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// Every column but the hash (which the client roles may not select anyway).
const COLUMNS = [
  "id",
  "workspace_id",
  "name",
  "prefix",
  "created_by",
  "created_at",
  "last_used_at",
  "revoked_at",
] as const;
const SAFE_COLUMNS = COLUMNS.map((c) => `k.${c}` as const);

type Row = {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  email?: string | null;
};

const toApiKey = (r: Row): ApiKey => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  prefix: r.prefix,
  createdBy: r.created_by,
  createdByEmail: r.email ?? null,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** The workspace's keys: active ones first, newest first. */
export async function listApiKeys(trx: Tx, workspaceId: string): Promise<ApiKey[]> {
  const rows = await trx
    .selectFrom("api_keys as k")
    .leftJoin(
      sql<{
        user_id: string;
        email: string;
      }>`public.workspace_member_list(${workspaceId}::uuid)`.as("m"),
      (join) => join.onRef("m.user_id", "=", "k.created_by"),
    )
    .select([...SAFE_COLUMNS, "m.email"])
    .where("k.workspace_id", "=", workspaceId)
    .orderBy(sql`k.revoked_at is not null`)
    .orderBy("k.created_at", "desc")
    .orderBy("k.id", "desc")
    .execute();
  return rows.map(toApiKey);
}

export interface NewApiKey {
  workspaceId: string;
  createdBy: string;
  name: string;
  prefix: string;
  hash: string;
}

export async function insertApiKey(trx: Tx, key: NewApiKey): Promise<ApiKey> {
  const row = await trx
    .insertInto("api_keys")
    .values({
      workspace_id: key.workspaceId,
      created_by: key.createdBy,
      name: key.name,
      prefix: key.prefix,
      hash: key.hash,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toApiKey(row);
}

/** Revokes an active key; null when there is none the user may revoke (RLS) or it is revoked. */
export async function revokeApiKey(trx: Tx, workspaceId: string, id: string) {
  const row = await trx
    .updateTable("api_keys as k")
    .set({ revoked_at: new Date() })
    .where("k.workspace_id", "=", workspaceId)
    .where("k.id", "=", id)
    .where("k.revoked_at", "is", null)
    .returning(SAFE_COLUMNS)
    .executeTakeFirst();
  return row ? toApiKey(row) : null;
}

export interface ResolvedApiKey {
  keyId: string;
  workspaceId: string;
  userId: string;
}

/** The active key with this hash whose creator is still a member (public.resolve_api_key). */
export async function resolveApiKey(trx: Tx, hash: string): Promise<ResolvedApiKey | null> {
  const { rows } = await sql<{ key_id: string; workspace_id: string; user_id: string }>`
    select key_id, workspace_id, user_id from public.resolve_api_key(${hash})`.execute(trx);
  const row = rows[0];
  return row ? { keyId: row.key_id, workspaceId: row.workspace_id, userId: row.user_id } : null;
}
