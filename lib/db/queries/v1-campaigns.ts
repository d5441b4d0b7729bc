// Campaigns for the public API (/api/v1), run as the key's creator under RLS: the
// caller-facing fields only (no voice or flow configuration), keyset on (created_at desc, id desc).
import type { Keyset } from "@/lib/api-v1/cursor";
import type { Tx } from "../scoped";
import { keysetPage, sortKey } from "./v1-keyset";

export interface V1Campaign {
  id: string;
  name: string;
  description: string;
  status: string;
  publicSlug: string;
  createdAt: Date;
  updatedAt: Date;
}

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
      sortKey("created_at").as("sort_key"),
    ])
    .where("workspace_id", "=", workspaceId);
  if (f.status) q = q.where("status", "=", f.status);
  const rows = await keysetPage(q, "created_at", f.after, f.limit).execute();
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
