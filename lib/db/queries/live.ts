// Reads for the live monitor: the workspace's calls in progress and their recent turns, run
// under withUser (RLS shows a workspace's calls to its members only). Calls in progress
// started within LIVE_WINDOW_HOURS, which bounds every query by started_at so only the
// current month partitions are read.
import { sql } from "kysely";
import type { Tx } from "../scoped";
import type { CallKey } from "./calls";

export const LIVE_WINDOW_HOURS = 24;
const windowStart = sql<Date>`now() - make_interval(hours => ${LIVE_WINDOW_HOURS})`;

export interface LiveCall {
  id: string;
  startedAt: Date;
  campaignId: string;
  campaignName: string;
  channel: "web" | "phone";
  isTest: boolean;
  /** Who holds the call (a person replying instead of the agent), or null. */
  hold: { by: string; at: Date } | null;
}

export type LiveTurnRole = "caller" | "agent" | "human_agent" | "system";

export interface LiveTurn {
  conversationId: string;
  seq: number;
  role: LiveTurnRole;
  text: string;
  createdAt: Date;
}

export async function listLiveCalls(trx: Tx, workspaceId: string): Promise<LiveCall[]> {
  const rows = await trx
    .selectFrom("conversations as v")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "v.workspace_id").onRef("c.id", "=", "v.campaign_id"),
    )
    .leftJoin("conversation_takeovers as h", (j) =>
      j
        .onRef("h.conversation_id", "=", "v.id")
        .onRef("h.conversation_started_at", "=", "v.started_at")
        .on("h.released_at", "is", null),
    )
    .select([
      "v.id",
      "v.started_at",
      "v.campaign_id",
      "c.name as campaign_name",
      "v.channel",
      "v.is_test",
      "h.held_by",
      "h.held_at",
    ])
    .where("v.workspace_id", "=", workspaceId)
    .where("v.status", "=", "active")
    .where("v.started_at", ">=", windowStart)
    .orderBy("v.started_at", "desc")
    .orderBy("v.id", "desc")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    startedAt: r.started_at,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    channel: r.channel === "phone" ? "phone" : "web",
    isTest: r.is_test,
    hold: r.held_by && r.held_at ? { by: r.held_by, at: r.held_at } : null,
  }));
}

/** One call in progress of the workspace, or null (ended, too old, or not visible). */
export async function findLiveCall(trx: Tx, workspaceId: string, id: string) {
  const row = await trx
    .selectFrom("conversations")
    .select(["id", "started_at", "workspace_id", "status", "channel"])
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .where("started_at", ">=", windowStart)
    .executeTakeFirst();
  return row ? { ...row, key: { id: row.id, startedAt: row.started_at } as CallKey } : null;
}

/** The language of a call's campaign (what a person's speech into it is transcribed in). */
export async function callLanguage(trx: Tx, key: CallKey): Promise<string | null> {
  const row = await trx
    .selectFrom("conversations as v")
    .innerJoin("campaigns as c", (join) =>
      join.onRef("c.workspace_id", "=", "v.workspace_id").onRef("c.id", "=", "v.campaign_id"),
    )
    .select(sql<string | null>`c.voice_settings ->> 'language'`.as("language"))
    .where("v.id", "=", key.id)
    .where("v.started_at", "=", key.startedAt)
    .executeTakeFirst();
  return row?.language ?? null;
}

/**
 * The turns of each call from `fromSeq` on (a text turn's words may still land: the monitor
 * re-reads the last few), oldest first. Turns with no words yet (a claim) are left out.
 */
export async function turnsFrom(
  trx: Tx,
  calls: { key: CallKey; fromSeq: number }[],
): Promise<LiveTurn[]> {
  if (!calls.length) return [];
  const rows = await trx
    .selectFrom("turns")
    .select(["conversation_id", "seq", "role", "text", "created_at"])
    .where((eb) =>
      eb.or(
        calls.map(({ key, fromSeq }) =>
          eb.and([
            eb("conversation_id", "=", key.id),
            eb("conversation_started_at", "=", key.startedAt),
            eb("seq", ">=", fromSeq),
          ]),
        ),
      ),
    )
    .where("text", "<>", "")
    .orderBy("conversation_id")
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({
    conversationId: r.conversation_id,
    seq: r.seq,
    role: r.role as LiveTurnRole,
    text: r.text,
    createdAt: r.created_at,
  }));
}

/** Human replies after `afterSeq` (the caller's event feed), oldest first. */
export async function humanTurnsAfter(trx: Tx, key: CallKey, afterSeq: number) {
  return trx
    .selectFrom("turns")
    .select(["seq", "text", "audio_duration_ms"])
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("seq", ">", afterSeq)
    .where("role", "=", "human_agent")
    .orderBy("seq")
    .execute();
}

/** The call's status and last turn number (the caller's event feed starts after it). */
export async function callProgress(trx: Tx, key: CallKey) {
  return trx
    .selectFrom("conversations")
    .select(["status", "turn_count"])
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .executeTakeFirst();
}

/** A human reply's TTS cost, on its turn and the conversation, once (a second feed adds none). */
export async function recordHumanTtsCost(
  trx: Tx,
  key: CallKey,
  seq: number,
  characters: number,
  usd: number,
) {
  const updated = await trx
    .updateTable("turns")
    .set({ tts_characters: characters, cost_usd: usd })
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("seq", "=", seq)
    .where("role", "=", "human_agent")
    .where("tts_characters", "=", 0)
    .executeTakeFirst();
  if (!Number(updated.numUpdatedRows) || !usd) return;
  await trx
    .updateTable("conversations")
    .set({
      tts_cost_usd: sql`tts_cost_usd + ${usd}`,
      total_cost_usd: sql`total_cost_usd + ${usd}`,
    })
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .execute();
}
