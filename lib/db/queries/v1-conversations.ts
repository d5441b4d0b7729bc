// Conversations for the public API (/api/v1), run as the key's creator under RLS. Lists are
// keyset-paginated on (started_at desc, id desc) and always bounded by started_at, so only the
// month partitions in the range are read. Values are typed: costs as numbers, times as Dates.
import type { Keyset } from "@/lib/api-v1/cursor";
import type { Tx } from "../scoped";
import { keysetPage, sortKey } from "./v1-keyset";

export interface ConversationListFilter {
  campaignId?: string;
  status?: string;
  channel?: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
  after?: Keyset;
  limit: number;
}

export interface V1Conversation {
  id: string;
  campaignId: string;
  status: string;
  channel: string;
  isTest: boolean;
  startedAt: Date;
  endedAt: Date | null;
  durationSeconds: number | null;
  endReason: string | null;
  callerName: string | null;
  callerEmail: string | null;
  callerPhone: string | null;
  summary: string | null;
  turnCount: number;
  costUsd: { stt: number; llm: number; tts: number; total: number };
}

// Microseconds, as Postgres stores them: the cursor's sort value (see lib/api-v1/cursor.ts).
const COLUMNS = [
  "id",
  "campaign_id",
  "status",
  "channel",
  "is_test",
  "started_at",
  "ended_at",
  "duration_seconds",
  "end_reason",
  "caller_name",
  "caller_email",
  "caller_phone",
  "summary",
  "turn_count",
  "stt_cost_usd",
  "llm_cost_usd",
  "tts_cost_usd",
  "total_cost_usd",
] as const;

type Row = {
  id: string;
  campaign_id: string;
  status: string;
  channel: string;
  is_test: boolean;
  started_at: Date;
  ended_at: Date | null;
  duration_seconds: number | null;
  end_reason: string | null;
  caller_name: string | null;
  caller_email: string | null;
  caller_phone: string | null;
  summary: string | null;
  turn_count: number;
  stt_cost_usd: string | number;
  llm_cost_usd: string | number;
  tts_cost_usd: string | number;
  total_cost_usd: string | number;
};

const toConversation = (r: Row): V1Conversation => ({
  id: r.id,
  campaignId: r.campaign_id,
  status: r.status,
  channel: r.channel,
  isTest: r.is_test,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  durationSeconds: r.duration_seconds,
  endReason: r.end_reason,
  callerName: r.caller_name,
  callerEmail: r.caller_email,
  callerPhone: r.caller_phone,
  summary: r.summary,
  turnCount: r.turn_count,
  costUsd: {
    stt: Number(r.stt_cost_usd),
    llm: Number(r.llm_cost_usd),
    tts: Number(r.tts_cost_usd),
    total: Number(r.total_cost_usd),
  },
});

/** Up to limit + 1 conversations after the cursor, newest first, each with its keyset. */
export async function listConversationsPage(
  trx: Tx,
  workspaceId: string,
  f: ConversationListFilter,
): Promise<(V1Conversation & { key: Keyset })[]> {
  let q = trx
    .selectFrom("conversations")
    .select([...COLUMNS, sortKey("started_at").as("sort_key")])
    .where("workspace_id", "=", workspaceId)
    .where("started_at", ">=", f.from)
    .where("started_at", "<", f.to);
  if (f.campaignId) q = q.where("campaign_id", "=", f.campaignId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.channel) q = q.where("channel", "=", f.channel);
  const rows = await keysetPage(q, "started_at", f.after, f.limit).execute();
  return rows.map((r) => ({ ...toConversation(r), key: { sort: r.sort_key, id: r.id } }));
}

export interface V1Turn {
  seq: number;
  role: string;
  text: string;
  heardText: string | null;
  interrupted: boolean;
  createdAt: Date;
  latencyMs: {
    stt: number | null;
    llmFirstToken: number | null;
    ttsFirstByte: number | null;
    firstAudio: number | null;
    total: number | null;
  };
  costUsd: number;
}

/** One conversation of the workspace with its turns in order; null when RLS shows none. */
export async function getConversationWithTurns(
  trx: Tx,
  workspaceId: string,
  id: string,
): Promise<(V1Conversation & { turns: V1Turn[] }) | null> {
  const row = await trx
    .selectFrom("conversations")
    .select(COLUMNS)
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const turns = await trx
    .selectFrom("turns")
    .select([
      "seq",
      "role",
      "text",
      "heard_text",
      "interrupted",
      "created_at",
      "stt_ms",
      "llm_first_token_ms",
      "tts_first_byte_ms",
      "first_audio_ms",
      "total_ms",
      "cost_usd",
    ])
    .where("conversation_id", "=", id)
    .where("conversation_started_at", "=", row.started_at)
    .orderBy("seq")
    .execute();
  return {
    ...toConversation(row),
    turns: turns.map((t) => ({
      seq: t.seq,
      role: t.role,
      text: t.text,
      heardText: t.heard_text,
      interrupted: t.interrupted,
      createdAt: t.created_at,
      latencyMs: {
        stt: t.stt_ms,
        llmFirstToken: t.llm_first_token_ms,
        ttsFirstByte: t.tts_first_byte_ms,
        firstAudio: t.first_audio_ms,
        total: t.total_ms,
      },
      costUsd: Number(t.cost_usd),
    })),
  };
}
