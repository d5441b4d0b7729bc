// Campaigns for the public API (/api/v1), run as the key's creator under RLS: the
// caller-facing fields only (no voice or flow configuration), keyset on (created_at desc, id desc).
import { sql } from "kysely";
import type { Keyset } from "@/lib/api-v1/cursor";
import type { Tx } from "../scoped";

export interface V1Campaign {
  id: string;
  name: string;
  description: string;
  status: string;
  publicSlug: string;
  createdAt: Date;
  updatedAt: Date;
}

const sortKey = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listCampaignsPage(
  trx: Tx,
  workspaceId: string,
  f: { status?: string; after?: Keyset; limit: number },
): Promise<(V1Campaign & { key: Keyset })[]> {
  let q = trx
    .selectFrom("campaigns")
    .select([
      "id",
      "name",
      "description",
      "status",
      "public_slug",
      "created_at",
      "updated_at",
      sortKey.as("sort_key"),
    ])
    .where("workspace_id", "=", workspaceId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.after)
    q = q.where(
      sql<boolean>`(created_at, id) < (${f.after.sort}::timestamptz, ${f.after.id}::uuid)`,
    );
  const rows = await q
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit + 1)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    status: r.status,
    publicSlug: r.public_slug,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    key: { sort: r.sort_key, id: r.id },
  }));
}
