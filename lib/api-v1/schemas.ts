// The public API's inputs and outputs, as zod schemas: the routes parse their queries with
// them, the responses are typed by them, and /api/v1/openapi.json is generated from them.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { CAMPAIGN_STATUSES } from "@/lib/validations/campaign";

// ---- Query parameters -------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;
/** Without from/to, lists cover the last 90 days (bounded, so old partitions are not read). */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_WINDOW_DAYS = 366;

const dateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const pageParams = {
  cursor: z
    .string()
    .max(200)
    .optional()
    .describe("next_cursor from the previous page; omit for the first page"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(50)
    .describe("Items per page, 1 to 100 (default 50)"),
};

const rangeParams = (what: string) => ({
  from: dateOrTime
    .optional()
    .describe(
      `Earliest ${what}, inclusive: a date (midnight UTC) or a date-time. Default: ${DEFAULT_WINDOW_DAYS} days before \`to\``,
    ),
  to: dateOrTime
    .optional()
    .describe(
      `Latest ${what}: a date includes that whole day (UTC); a date-time is exclusive. Default: now`,
    ),
});

const campaignParam = z.uuid().optional().describe("Only this campaign's");

/** from/to as [inclusive, exclusive) Dates, defaulting to the last DEFAULT_WINDOW_DAYS days. */
export function dateRange(q: { from?: string; to?: string }, now = new Date()) {
  const to = q.to
    ? q.to.length === 10
      ? new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS)
      : new Date(q.to)
    : now;
  const from = q.from
    ? new Date(q.from.length === 10 ? `${q.from}T00:00:00Z` : q.from)
    : new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  // Bounded so a list reads the month partitions of at most about a year.
  const fields: Record<string, string> = {};
  if (from >= to) fields.from = "from must be before to";
  else if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    fields.from = `The range spans at most ${MAX_WINDOW_DAYS} days: page through it`;
  if (fields.from) throw new AppError("invalid_input", `query.from: ${fields.from}`, 400, fields);
  return { from, to };
}

export const CONVERSATION_STATUSES = ["active", "ended", "failed"] as const;
export const CHANNELS = ["web", "phone"] as const;
export const LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost"] as const;
export const URGENCIES = ["low", "medium", "high"] as const;

export const campaignsQuery = z.strictObject({
  status: z.enum(CAMPAIGN_STATUSES).optional().describe("Only campaigns in this status"),
  ...pageParams,
});

export const conversationsQuery = z.strictObject({
  campaign: campaignParam,
  status: z.enum(CONVERSATION_STATUSES).optional().describe("Only conversations in this status"),
  channel: z.enum(CHANNELS).optional().describe("web (browser call) or phone"),
  ...rangeParams("start of the call"),
  ...pageParams,
});

export const leadsQuery = z.strictObject({
  campaign: campaignParam,
  status: z.enum(LEAD_STATUSES).optional().describe("Only leads in this status"),
  urgency: z.enum(URGENCIES).optional().describe("Only leads with this urgency"),
  min_score: z.coerce
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe("Only leads scored at least this (0 to 100)"),
  ...rangeParams("start of the lead's call"),
  ...pageParams,
});

export const conversationParams = z.strictObject({
  id: z.uuid("Unknown conversation").describe("The conversation's id"),
});

// ---- Responses --------------------------------------------------------------------------

const time = z.iso.datetime();
const money = z.number().describe("US dollars");

export const campaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    public_slug: z.string().describe("The call link is /call/{public_slug}"),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: "Campaign" });

export const conversationSchema = z
  .object({
    id: z.uuid(),
    campaign_id: z.uuid(),
    status: z.enum(CONVERSATION_STATUSES),
    channel: z.enum(CHANNELS),
    is_test: z.boolean().describe("A test call from the dashboard"),
    started_at: time,
    ended_at: time.nullable(),
    duration_seconds: z.number().int().nullable(),
    end_reason: z.string().nullable(),
    caller: z.object({
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
    summary: z.string().nullable(),
    turn_count: z.number().int(),
    cost_usd: z.object({ stt: money, llm: money, tts: money, total: money }),
  })
  .meta({ id: "Conversation" });

const ms = z.number().int().nullable();

export const turnSchema = z
  .object({
    seq: z.number().int(),
    role: z.enum(["caller", "agent", "human_agent", "system"]),
    text: z.string(),
    heard_text: z
      .string()
      .nullable()
      .describe("When the agent was interrupted: what the caller heard"),
    interrupted: z.boolean(),
    created_at: time,
    latency_ms: z.object({
      stt: ms,
      llm_first_token: ms,
      tts_first_byte: ms,
      first_audio: ms,
      total: ms,
    }),
    cost_usd: money,
  })
  .meta({ id: "Turn" });

export const conversationDetailSchema = conversationSchema
  .extend({ turns: z.array(turnSchema) })
  .meta({ id: "ConversationDetail" });

export const leadSchema = z
  .object({
    id: z.uuid(),
    campaign_id: z.uuid(),
    conversation_id: z.uuid(),
    conversation_started_at: time,
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
    fields: z.record(z.string(), z.unknown()).describe("The campaign's lead fields, as extracted"),
    qualification_score: z.number().min(0).max(100).nullable(),
    urgency: z.enum(URGENCIES).nullable(),
    status: z.enum(LEAD_STATUSES),
    evidence: z.array(z.unknown()).describe("The transcript lines each scoring point rests on"),
    created_at: time,
    updated_at: time,
  })
  .meta({ id: "Lead" });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe("Stable, e.g. unauthorized, rate_limited, invalid_input"),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
    }),
  })
  .meta({ id: "Error" });

const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .describe("Pass as `cursor` for the next page; null on the last page"),
    })
    .meta({ id });

export const campaignPage = pageOf(campaignSchema, "CampaignPage");
export const conversationPage = pageOf(conversationSchema, "ConversationPage");
export const leadPage = pageOf(leadSchema, "LeadPage");

export type CampaignJson = z.infer<typeof campaignSchema>;
export type ConversationJson = z.infer<typeof conversationSchema>;
export type ConversationDetailJson = z.infer<typeof conversationDetailSchema>;
export type TurnJson = z.infer<typeof turnSchema>;
export type LeadJson = z.infer<typeof leadSchema>;
