// Reads and writes for LiveKit rooms (lib/livekit): the call a room belongs to, and the
// webhook's record of the events it has handled.
import { sql } from "kysely";
import type { Tx } from "../scoped";

export interface RoomCall {
  id: string;
  workspace_id: string;
  campaign_id: string;
  started_at: Date;
  status: string;
}

/**
 * The conversation `id` as the transaction's role sees it (under RLS for a signed-in user).
 * `startedAt`, when known, bounds the lookup to the conversation's month partition.
 */
export async function findRoomCall(
  trx: Tx,
  id: string,
  startedAt?: Date,
): Promise<(RoomCall & { language: string | null }) | undefined> {
  let query = trx
    .selectFrom("conversations as v")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "v.workspace_id").onRef("c.id", "=", "v.campaign_id"),
    )
    .select([
      "v.id",
      "v.workspace_id",
      "v.campaign_id",
      "v.started_at",
      "v.status",
      sql<string | null>`c.voice_settings ->> 'language'`.as("language"),
    ])
    .where("v.id", "=", id);
  if (startedAt) query = query.where("v.started_at", "=", startedAt);
  return query.executeTakeFirst();
}

/** Whether conversation `id` exists at all (a boolean, whoever asks; see the migration). */
export async function conversationExists(trx: Tx, id: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    select public.conversation_exists(${id}::uuid) as ok`.execute(trx);
  return rows[0]?.ok === true;
}

/** Records a webhook event's id; false when it was recorded before (a redelivery). */
export async function claimWebhookEvent(
  trx: Tx,
  e: { id: string; event: string; room: string | null },
): Promise<boolean> {
  const inserted = await trx
    .insertInto("livekit_webhook_events")
    .values({ event_id: e.id, event: e.event, room: e.room })
    .onConflict((c) => c.column("event_id").doNothing())
    .returning("event_id")
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Forgets an event whose handling failed, so LiveKit's retry is handled again. */
export async function releaseWebhookEvent(trx: Tx, id: string): Promise<void> {
  await trx.deleteFrom("livekit_webhook_events").where("event_id", "=", id).execute();
}

/** LiveKit redelivers within minutes: ids older than this are dropped. */
export const WEBHOOK_EVENT_RETENTION_DAYS = 7;

/** Drops the record of events too old to be redelivered. */
export async function purgeWebhookEvents(trx: Tx): Promise<void> {
  await trx
    .deleteFrom("livekit_webhook_events")
    .where(
      "received_at",
      "<",
      sql<Date>`now() - ${sql.raw(`interval '${WEBHOOK_EVENT_RETENTION_DAYS} days'`)}`,
    )
    .execute();
}
