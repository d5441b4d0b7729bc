// Typed conversation, turn and lead rows for the dashboard and the API. pg returns NUMERIC
// columns as strings and JSON columns as whatever was stored: every row read here goes
// through these schemas, so costs and durations are numbers, JSON columns are validated
// shapes and timestamps are Dates. The queries are conversation-list.ts and
// conversation-detail.ts.
import { z } from "zod";

const num = z.coerce.number();
const date = z.coerce.date();

/** A turn's tool call as the engine stores it (lib/voice/agent/tools.ts ToolCall). */
export const toolCallSchema = z.object({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()).catch({}),
});
export type StoredToolCall = z.infer<typeof toolCallSchema>;

/** One scoring point of a lead (lib/voice/analysis.ts Evidence). */
export const evidenceSchema = z.object({
  questionId: z.string(),
  question: z.string(),
  weight: z.number(),
  answered: z.boolean(),
  qualifies: z.boolean(),
  verdict: z.enum(["qualifies", "disqualifies", "unclear", "unanswered"]).catch("unclear"),
  points: z.number(),
  turnSeq: z.number().int().nullable(),
  quote: z.string().nullable(),
});
export type EvidenceItem = z.infer<typeof evidenceSchema>;

/** A JSON array whose invalid items are dropped (one bad item must not hide the rest). */
const arrayOf = <T extends z.ZodType>(item: T) =>
  z
    .array(z.unknown())
    .catch([])
    .transform((items) =>
      items.flatMap((i) => {
        const parsed = item.safeParse(i);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    );

/** Turn roles, as the turns_role check constraint allows them. */
export const turnRoleSchema = z.enum(["caller", "agent", "human_agent", "system"]).catch("system");
export type TurnRole = z.infer<typeof turnRoleSchema>;

export const conversationSchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  campaign_id: z.string(),
  status: z.string(),
  channel: z.string(),
  is_test: z.boolean(),
  started_at: date,
  ended_at: date.nullable(),
  duration_seconds: z.number().nullable(),
  end_reason: z.string().nullable(),
  caller_name: z.string().nullable(),
  caller_email: z.string().nullable(),
  caller_phone: z.string().nullable(),
  summary: z.string().nullable(),
  turn_count: z.number(),
  stt_cost_usd: num,
  llm_cost_usd: num,
  tts_cost_usd: num,
  total_cost_usd: num,
  call_sid: z.string().nullable(),
  phone_status: z.string().nullable(),
  voicemail_url: z.string().nullable(),
  voicemail_duration_seconds: z.number().nullable(),
  voicemail_transcript: z.string().nullable(),
  transfer_target: z.string().nullable(),
  created_at: date,
  updated_at: date,
});
export type ConversationRow = z.infer<typeof conversationSchema>;

export const turnSchema = z.object({
  id: z.string(),
  conversation_id: z.string(),
  conversation_started_at: date,
  seq: z.number().int(),
  role: turnRoleSchema,
  text: z.string(),
  heard_text: z.string().nullable(),
  heard_ms: z.number().nullable(),
  interrupted: z.boolean(),
  audio_duration_ms: z.number().nullable(),
  stt_ms: z.number().nullable(),
  llm_first_token_ms: z.number().nullable(),
  tts_first_byte_ms: z.number().nullable(),
  first_audio_ms: z.number().nullable(),
  total_ms: z.number().nullable(),
  stt_seconds: num,
  llm_input_tokens: z.number(),
  llm_output_tokens: z.number(),
  tts_characters: z.number(),
  cost_usd: num,
  error_code: z.string().nullable(),
  tool_calls: arrayOf(toolCallSchema).nullable(),
  created_at: date,
});
export type TurnRow = z.infer<typeof turnSchema>;

export const leadSchema = z.object({
  id: z.string(),
  campaign_id: z.string(),
  conversation_id: z.string(),
  conversation_started_at: date,
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()).catch({}),
  qualification_score: num.nullable(),
  urgency_level: z.enum(["low", "medium", "high"]).nullable().catch(null),
  status: z.string(),
  evidence: arrayOf(evidenceSchema),
  created_at: date,
  updated_at: date,
});
export type LeadRow = z.infer<typeof leadSchema>;

/** `value` as a number: NUMERIC columns and aggregates come back from pg as strings. */
export const toNumber = (value: string | number | bigint | null | undefined) =>
  value === null || value === undefined ? 0 : Number(value);
