// The conversations list: a workspace's calls newest first, keyset-paginated on
// (started_at desc, id desc) with an opaque cursor (lib/db/cursor.ts), never OFFSET, so a
// deep page costs what the first one does. Conversations are range-partitioned by month of
// started_at and every query is bounded by [from, to): Postgres reads only the partitions
// that range overlaps. conversations_workspace_started_idx serves the order and the seek.
import { sql } from "kysely";
import { z } from "zod";
import { encodeCursor, invalidCursor, parseTimeCursor } from "@/lib/db/cursor";
import { AppError } from "@/lib/errors";
import type { Tx } from "../scoped";
import { toNumber } from "./conversations";

export const CONVERSATION_STATUSES = ["active", "ended", "failed"] as const;
export const CONVERSATION_CHANNELS = ["web", "phone"] as const;
export const MAX_PAGE_SIZE = 100;
/** The window a list shows when no date range is given. */
export const DEFAULT_RANGE_DAYS = 30;

export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export type ConversationChannel = (typeof CONVERSATION_CHANNELS)[number];

export interface ListConversationsInput {
  workspaceId: string;
  campaignId?: string;
  status?: ConversationStatus;
  channel?: ConversationChannel;
  /** Inclusive lower bound on started_at. */
  from: Date;
  /** Exclusive upper bound on started_at. */
  to: Date;
  /** A nextCursor (older rows) or, with direction "newer", a prevCursor. */
  cursor?: string | null;
  direction?: "older" | "newer";
  limit: number;
}

export interface ConversationListItem {
  id: string;
  campaignId: string;
  campaignName: string | null;
  status: string;
  channel: string;
  isTest: boolean;
  startedAt: Date;
  durationSeconds: number | null;
  turnCount: number;
  totalCostUsd: number;
  callerName: string | null;
  callerPhone: string | null;
  endReason: string | null;
  leadScore: number | null;
  leadStatus: string | null;
}

export interface ConversationPage {
  items: ConversationListItem[];
  /** The page after the last item (older calls), or null at the end. */
  nextCursor: string | null;
  /** The page before the first item (newer calls), or null on the first page. */
  prevCursor: string | null;
}

const inputSchema = z.object({
  workspaceId: z.guid(),
  campaignId: z.guid().optional(),
  status: z.enum(CONVERSATION_STATUSES).optional(),
  channel: z.enum(CONVERSATION_CHANNELS).optional(),
  from: z.date(),
  to: z.date(),
  cursor: z.string().nullish(),
  direction: z.enum(["older", "newer"]).default("older"),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE),
});

/** started_at in UTC to the microsecond: the cursor's sort value (a Date keeps only ms). */
const startedKey = sql<string>`to_char(v.started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export async function listConversations(
  trx: Tx,
  input: ListConversationsInput,
): Promise<ConversationPage> {
  const q = inputSchema.parse(input);
  if (q.from >= q.to) {
    throw new AppError("invalid_input", "from: Must be before to", 400, {
      from: "Must be before to",
    });
  }
  const after = q.cursor ? parseTimeCursor(q.cursor) : null;
  if (q.cursor && !after) throw invalidCursor();
  const newer = q.direction === "newer";
  let query = trx
    .selectFrom("conversations as v")
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "v.workspace_id").onRef("c.id", "=", "v.campaign_id"),
    )
    // The same started_at bounds on leads: its month partitions are pruned as well.
    .leftJoin("leads as l", (j) =>
      j
        .onRef("l.conversation_id", "=", "v.id")
        .onRef("l.conversation_started_at", "=", "v.started_at")
        .on("l.conversation_started_at", ">=", q.from)
        .on("l.conversation_started_at", "<", q.to),
    )
    .select([
      "v.id",
      "v.campaign_id",
      "c.name as campaign_name",
      "v.status",
      "v.channel",
      "v.is_test",
      "v.started_at",
      startedKey.as("started_key"),
      "v.duration_seconds",
      "v.turn_count",
      "v.total_cost_usd",
      "v.caller_name",
      "v.caller_phone",
      "v.end_reason",
      "l.qualification_score",
      "l.status as lead_status",
    ])
    .where("v.workspace_id", "=", q.workspaceId)
    .where("v.started_at", ">=", q.from)
    .where("v.started_at", "<", q.to);
  if (q.campaignId) query = query.where("v.campaign_id", "=", q.campaignId);
  if (q.status) query = query.where("v.status", "=", q.status);
  if (q.channel) query = query.where("v.channel", "=", q.channel);
  if (after) {
    const [at, id] = after;
    query = newer
      ? query.where(sql<boolean>`(v.started_at, v.id) > (${at}::timestamptz, ${id}::uuid)`)
      : query.where(sql<boolean>`(v.started_at, v.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const dir = newer ? "asc" : "desc";
  const rows = await query
    .orderBy("v.started_at", dir)
    .orderBy("v.id", dir)
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  if (newer) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  // Going older from a cursor, the cursor's row and everything newer lie behind; going newer,
  // the cursor's row and everything older lie ahead.
  const olderExists = newer ? after !== null : more;
  const newerExists = newer ? more : after !== null;
  return {
    items: page.map((r) => ({
      id: r.id,
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      status: r.status,
      channel: r.channel,
      isTest: r.is_test,
      startedAt: new Date(r.started_at),
      durationSeconds: r.duration_seconds,
      turnCount: r.turn_count,
      totalCostUsd: toNumber(r.total_cost_usd),
      callerName: r.caller_name,
      callerPhone: r.caller_phone,
      endReason: r.end_reason,
      leadScore: r.qualification_score === null ? null : toNumber(r.qualification_score),
      leadStatus: r.lead_status,
    })),
    nextCursor: olderExists && last ? encodeCursor(last.started_key, last.id) : null,
    prevCursor: newerExists && first ? encodeCursor(first.started_key, first.id) : null,
  };
}

/** The campaigns a list can be filtered by: the workspace's, by name. */
export function listCampaignOptions(trx: Tx, workspaceId: string) {
  return trx
    .selectFrom("campaigns")
    .select(["id", "name"])
    .where("workspace_id", "=", workspaceId)
    .orderBy("name")
    .execute();
}
