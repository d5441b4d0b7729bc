// Turn recordings: rows written by the call-token holder after a turn (RLS: its own recorded
// conversation only) and read by the workspace's members (RLS), who never see another
// workspace's rows: a recording they cannot read does not exist for them.
import type { Tx } from "../scoped";

export type RecordingRole = "caller" | "agent";

export interface RecordingRow {
  workspaceId: string;
  conversationId: string;
  conversationStartedAt: Date;
  seq: number;
  role: RecordingRole;
  path: string;
  bytes: number;
  durationMs: number;
}

/** Stores one side of a turn (a retried turn overwrites its own audio). */
export async function upsertRecording(trx: Tx, r: RecordingRow) {
  await trx
    .insertInto("turn_recordings")
    .values({
      workspace_id: r.workspaceId,
      conversation_id: r.conversationId,
      conversation_started_at: r.conversationStartedAt,
      seq: r.seq,
      role: r.role,
      path: r.path,
      bytes: r.bytes,
      duration_ms: r.durationMs,
    })
    .onConflict((oc) =>
      oc.columns(["conversation_id", "conversation_started_at", "seq", "role"]).doUpdateSet({
        path: r.path,
        bytes: r.bytes,
        duration_ms: r.durationMs,
      }),
    )
    .execute();
}

export interface TurnRecording {
  id: string;
  seq: number;
  role: RecordingRole;
  path: string;
  bytes: number;
  durationMs: number;
}

const columns = ["id", "seq", "role", "path", "bytes", "duration_ms"] as const;

const typed = (row: {
  id: string;
  seq: number;
  role: string;
  path: string;
  bytes: number;
  duration_ms: number;
}): TurnRecording => ({
  id: row.id,
  seq: row.seq,
  role: row.role as RecordingRole,
  path: row.path,
  bytes: row.bytes,
  durationMs: row.duration_ms,
});

/** One recording by id, if the transaction's user may read it. */
export async function getRecording(trx: Tx, id: string): Promise<TurnRecording | null> {
  const row = await trx
    .selectFrom("turn_recordings")
    .select(columns)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? typed(row) : null;
}

/** A conversation's recordings by turn seq (caller first), for its timeline. */
export async function listConversationRecordings(
  trx: Tx,
  key: { conversationId: string; startedAt: Date },
): Promise<Map<number, TurnRecording[]>> {
  const rows = await trx
    .selectFrom("turn_recordings")
    .select(columns)
    .where("conversation_id", "=", key.conversationId)
    .where("conversation_started_at", "=", key.startedAt)
    .orderBy("seq")
    .orderBy("role", "desc")
    .execute();
  const bySeq = new Map<number, TurnRecording[]>();
  for (const row of rows) {
    const list = bySeq.get(row.seq) ?? [];
    list.push(typed(row));
    bySeq.set(row.seq, list);
  }
  return bySeq;
}
