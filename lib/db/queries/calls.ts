// Queries for the call path: conversations, turns and leads written for an anonymous caller.
// They take a transaction from withServiceRole (see lib/voice/calls.ts for why).
import { type QueryCreator, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { FlowConfig, VoiceSettings } from "@/lib/validations/campaign";
import type { DB } from "../schema.gen";
import type { Tx } from "../scoped";

export interface CallKey {
  id: string;
  startedAt: Date;
}

export async function findCampaignBySlug(trx: Tx, slug: string) {
  return trx
    .selectFrom("campaign_slugs as s")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "s.workspace_id").onRef("c.id", "=", "s.campaign_id"),
    )
    .select(["c.id", "c.workspace_id", "c.name", "c.status", "c.flow_config", "c.voice_settings"])
    .where("s.slug", "=", slug)
    .executeTakeFirst();
}

export async function insertConversation(
  trx: Tx,
  c: {
    workspaceId: string;
    campaignId: string;
    callerName?: string;
    callerEmail?: string;
    callerPhone?: string;
    /** A preview ("Try it") call by a member of the campaign's workspace. */
    isTest?: boolean;
  },
) {
  return trx
    .insertInto("conversations")
    .values({
      workspace_id: c.workspaceId,
      campaign_id: c.campaignId,
      // Set here, not by now(): the call token carries it as a JS date (milliseconds), and
      // it is half of the conversation's key, so it must round-trip exactly.
      started_at: new Date(),
      caller_name: c.callerName,
      caller_email: c.callerEmail,
      caller_phone: c.callerPhone,
      is_test: c.isTest ?? false,
      // Turn 0 is the agent's first message, written with the conversation.
      turn_count: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface TurnHistoryRow {
  seq: number;
  role: "caller" | "agent" | "human_agent" | "system";
  text: string;
  tool_calls: unknown;
  idempotency_key: string | null;
  /** Absent in hand-built histories (tests); "caller_idle" marks an idle caller turn. */
  error_code?: string | null;
}

/**
 * The conversation, its campaign's settings, its turns so far and whether a person holds it:
 * everything a turn needs, in one statement (each round trip costs the turn path a socket
 * write and a wake-up; bench/pipeline.ts).
 */
export async function loadCall(trx: Tx, key: CallKey) {
  const conversation = await trx
    .selectFrom("conversations as v")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "v.workspace_id").onRef("c.id", "=", "v.campaign_id"),
    )
    .select((eb) => [
      "v.id",
      "v.workspace_id",
      "v.campaign_id",
      "v.started_at",
      "v.status",
      "v.turn_count",
      "v.recorded",
      "c.name as campaign_name",
      "c.flow_config",
      "c.voice_settings",
      jsonArrayFrom(
        eb
          .selectFrom("turns as t")
          .select([
            "t.seq",
            "t.role",
            "t.text",
            "t.tool_calls",
            "t.idempotency_key",
            "t.error_code",
          ])
          // The key's values, not the outer row's: the partitions are pruned when planned.
          .where("t.conversation_id", "=", key.id)
          .where("t.conversation_started_at", "=", key.startedAt)
          .orderBy("t.seq"),
      ).as("turns"),
      eb
        .exists(
          eb
            .selectFrom("conversation_takeovers as h")
            .select(sql<number>`1`.as("one"))
            .where("h.conversation_id", "=", key.id)
            .where("h.conversation_started_at", "=", key.startedAt)
            .where("h.released_at", "is", null),
        )
        .as("held"),
    ])
    .where("v.id", "=", key.id)
    .where("v.started_at", "=", key.startedAt)
    .executeTakeFirst();
  if (!conversation) return null;
  return {
    ...conversation,
    flow: conversation.flow_config as unknown as FlowConfig,
    voice: conversation.voice_settings as unknown as VoiceSettings,
    turns: conversation.turns as TurnHistoryRow[],
    /** A person holds the call (conversation_takeovers): the agent does not answer. */
    held: Boolean(conversation.held),
  };
}
export type LoadedCall = NonNullable<Awaited<ReturnType<typeof loadCall>>>;

/** Reserves `n` consecutive turn numbers for the conversation; returns the first. */
export async function reserveSeqs(trx: Tx, key: CallKey, n: number): Promise<number> {
  const row = await trx
    .updateTable("conversations")
    .set((eb) => ({ turn_count: eb("turn_count", "+", n) }))
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .returning("turn_count")
    .executeTakeFirstOrThrow();
  return row.turn_count - n;
}

export interface TurnRow {
  seq: number;
  role: "caller" | "agent" | "human_agent" | "system";
  text: string;
  heardText?: string | null;
  interrupted?: boolean;
  audioDurationMs?: number | null;
  sttMs?: number | null;
  llmFirstTokenMs?: number | null;
  ttsFirstByteMs?: number | null;
  firstAudioMs?: number | null;
  totalMs?: number | null;
  sttSeconds?: number;
  llmInputTokens?: number;
  llmOutputTokens?: number;
  ttsCharacters?: number;
  costUsd?: number;
  errorCode?: string | null;
  idempotencyKey?: string | null;
  toolCalls?: unknown[] | null;
  /** An agent reply cut off by a fault: what was said is stored, never as complete. */
  incomplete?: boolean;
}

/**
 * Writes a turn, merging with a row an interrupt may have written first: the interrupt's
 * `interrupted` and `heard_text` survive, everything else comes from this write.
 */
export async function upsertTurn(trx: Tx, workspaceId: string, key: CallKey, t: TurnRow) {
  await upsertTurnQuery(trx, workspaceId, key, t).execute();
}

/** upsertTurn's statement, for use as a data-modifying CTE. */
export function upsertTurnQuery(
  db: QueryCreator<DB>,
  workspaceId: string,
  key: CallKey,
  t: TurnRow,
) {
  return db
    .insertInto("turns")
    .values({
      workspace_id: workspaceId,
      conversation_id: key.id,
      conversation_started_at: key.startedAt,
      seq: t.seq,
      role: t.role,
      text: t.text,
      heard_text: t.heardText ?? null,
      interrupted: t.interrupted ?? false,
      audio_duration_ms: t.audioDurationMs ?? null,
      stt_ms: t.sttMs ?? null,
      llm_first_token_ms: t.llmFirstTokenMs ?? null,
      tts_first_byte_ms: t.ttsFirstByteMs ?? null,
      first_audio_ms: t.firstAudioMs ?? null,
      total_ms: t.totalMs ?? null,
      stt_seconds: t.sttSeconds ?? 0,
      llm_input_tokens: t.llmInputTokens ?? 0,
      llm_output_tokens: t.llmOutputTokens ?? 0,
      tts_characters: t.ttsCharacters ?? 0,
      cost_usd: t.costUsd ?? 0,
      error_code: t.errorCode ?? null,
      idempotency_key: t.idempotencyKey ?? null,
      tool_calls: t.toolCalls ? JSON.stringify(t.toolCalls) : null,
      incomplete: t.incomplete ?? false,
    })
    .onConflict((oc) =>
      oc.columns(["conversation_id", "conversation_started_at", "seq"]).doUpdateSet((eb) => ({
        role: eb.ref("excluded.role"),
        text: eb.ref("excluded.text"),
        interrupted: sql<boolean>`turns.interrupted or excluded.interrupted`,
        heard_text: sql<string>`coalesce(turns.heard_text, excluded.heard_text)`,
        audio_duration_ms: eb.ref("excluded.audio_duration_ms"),
        stt_ms: eb.ref("excluded.stt_ms"),
        llm_first_token_ms: eb.ref("excluded.llm_first_token_ms"),
        tts_first_byte_ms: eb.ref("excluded.tts_first_byte_ms"),
        first_audio_ms: eb.ref("excluded.first_audio_ms"),
        total_ms: eb.ref("excluded.total_ms"),
        stt_seconds: eb.ref("excluded.stt_seconds"),
        llm_input_tokens: eb.ref("excluded.llm_input_tokens"),
        llm_output_tokens: eb.ref("excluded.llm_output_tokens"),
        tts_characters: eb.ref("excluded.tts_characters"),
        cost_usd: eb.ref("excluded.cost_usd"),
        error_code: eb.ref("excluded.error_code"),
        tool_calls: eb.ref("excluded.tool_calls"),
        incomplete: eb.ref("excluded.incomplete"),
      })),
    );
}

/**
 * Marks an agent turn as cut off by the caller, with what they actually heard. An upsert: the
 * pipeline may not have written the turn's row yet (it then merges into this one, keeping
 * interrupted, heard_text and heard_ms). The first interrupt of a turn wins: a retried or
 * duplicate report changes nothing.
 */
export async function markInterrupted(
  trx: Tx,
  workspaceId: string,
  key: CallKey,
  seq: number,
  heard: { text: string | null; ms: number | null },
) {
  await trx
    .insertInto("turns")
    .values({
      workspace_id: workspaceId,
      conversation_id: key.id,
      conversation_started_at: key.startedAt,
      seq,
      role: "agent",
      interrupted: true,
      heard_text: heard.text,
      heard_ms: heard.ms,
    })
    .onConflict((oc) =>
      oc.columns(["conversation_id", "conversation_started_at", "seq"]).doUpdateSet({
        interrupted: true,
        heard_text: sql<string>`case when turns.interrupted then turns.heard_text
          else excluded.heard_text end`,
        heard_ms: sql<number>`case when turns.interrupted then turns.heard_ms
          else excluded.heard_ms end`,
      }),
    )
    .execute();
}

/** The caller was not told the call is recorded: it is not (the insert trigger said yes). */
export async function stopRecording(trx: Tx, key: CallKey) {
  await trx
    .updateTable("conversations")
    .set({ recorded: false })
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .execute();
}

export interface Costs {
  stt: number;
  llm: number;
  tts: number;
  total: number;
}

/** Adds the costs to the conversation's totals. */
export function addCostsQuery(db: QueryCreator<DB>, key: CallKey, cost: Costs) {
  return db
    .updateTable("conversations")
    .set({
      stt_cost_usd: sql`stt_cost_usd + ${cost.stt}`,
      llm_cost_usd: sql`llm_cost_usd + ${cost.llm}`,
      tts_cost_usd: sql`tts_cost_usd + ${cost.tts}`,
      total_cost_usd: sql`total_cost_usd + ${cost.total}`,
    })
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt);
}

export async function addCosts(trx: Tx, key: CallKey, cost: Costs) {
  await addCostsQuery(trx, key, cost).execute();
}
