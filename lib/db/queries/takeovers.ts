// Human takeover state (table conversation_takeovers): one active hold per conversation,
// enforced by a unique partial index. RLS decides who may read, take and release a hold.
import { sql } from "kysely";
import type { Tx } from "../scoped";
import type { CallKey } from "./calls";

export interface Hold {
  id: string;
  heldBy: string;
  heldAt: Date;
}

const active = (trx: Tx, key: CallKey) =>
  trx
    .selectFrom("conversation_takeovers")
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("released_at", "is", null);

export async function activeHold(trx: Tx, key: CallKey): Promise<Hold | null> {
  const row = await active(trx, key).select(["id", "held_by", "held_at"]).executeTakeFirst();
  return row ? { id: row.id, heldBy: row.held_by, heldAt: row.held_at } : null;
}

/** A person holds the call: the agent does not answer (read as the caller or a member). */
export async function isHeldByHuman(trx: Tx, key: CallKey): Promise<boolean> {
  const row = await active(trx, key).select(sql<number>`1`.as("one")).executeTakeFirst();
  return row !== undefined;
}

/** Takes the call for the current user; a second active hold fails on the unique index. */
export async function insertHold(trx: Tx, workspaceId: string, key: CallKey) {
  await trx
    .insertInto("conversation_takeovers")
    .values({
      workspace_id: workspaceId,
      conversation_id: key.id,
      conversation_started_at: key.startedAt,
    })
    .execute();
}

/** Releases the active hold; returns how many were released (0 or 1). */
export async function releaseHold(trx: Tx, key: CallKey, by: string): Promise<number> {
  const result = await trx
    .updateTable("conversation_takeovers")
    .set({ released_at: sql`now()`, released_by: by })
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("released_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
