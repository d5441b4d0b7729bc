// The retention purge's queries (service role: a schedule, no user). Every statement on a
// month-partitioned table is bounded by its started_at (< the cutoff), so only the partitions
// old enough to hold expired rows are read.
import type { Tx } from "../scoped";

export interface RetainedCampaign {
  workspaceId: string;
  campaignId: string;
  retentionDays: number;
}

/** Campaigns with a retention period. */
export async function campaignsWithRetention(trx: Tx): Promise<RetainedCampaign[]> {
  const rows = await trx
    .selectFrom("campaigns")
    .select(["workspace_id", "id", "retention_days"])
    .where("retention_days", "is not", null)
    .execute();
  return rows.map((r) => ({
    workspaceId: r.workspace_id,
    campaignId: r.id,
    retentionDays: r.retention_days!,
  }));
}

/** Up to `limit` of the campaign's conversations that started before `cutoff`, oldest first. */
export async function expiredConversations(
  trx: Tx,
  c: RetainedCampaign,
  cutoff: Date,
  limit: number,
): Promise<string[]> {
  const rows = await trx
    .selectFrom("conversations")
    .select("id")
    .where("workspace_id", "=", c.workspaceId)
    .where("campaign_id", "=", c.campaignId)
    .where("started_at", "<", cutoff)
    .orderBy("started_at")
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The storage paths of those conversations' recordings. */
export async function recordingPathsOf(trx: Tx, ids: string[], cutoff: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("turn_recordings")
    .select("path")
    .where("conversation_id", "in", ids)
    .where("conversation_started_at", "<", cutoff)
    .execute();
  return rows.map((r) => r.path);
}

/**
 * Deletes the conversations and what hangs off them: recordings, turns, leads and their
 * post-call jobs explicitly (each bounded by the cutoff), anything else by its cascade.
 */
export async function deleteConversations(
  trx: Tx,
  workspaceId: string,
  ids: string[],
  cutoff: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  for (const table of ["turn_recordings", "jobs", "leads", "turns"] as const) {
    await trx
      .deleteFrom(table)
      .where("conversation_id", "in", ids)
      .where("conversation_started_at", "<", cutoff)
      .execute();
  }
  const deleted = await trx
    .deleteFrom("conversations")
    .where("workspace_id", "=", workspaceId)
    .where("id", "in", ids)
    .where("started_at", "<", cutoff)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
