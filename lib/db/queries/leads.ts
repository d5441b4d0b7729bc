// Lead reads and edits for the dashboard, the CSV export and the API, run under withUser (RLS
// shows a lead to the members of its workspace and lets members and above change it). Every
// query also names the workspace: a user in several sees only the one they act in.
// Values come back typed: the score as a number, timestamps as Dates, fields parsed.
import { type Expression, type SqlBool, sql } from "kysely";
import { z } from "zod";
import { DEFAULT_QUALIFY_THRESHOLD } from "@/lib/validations/campaign";
import type { LeadSort, LeadStatus, UrgencyLevel } from "@/lib/validations/lead";
import { encodeCursor, parseCursor } from "../cursor";
import type { Tx } from "../scoped";

export interface LeadListItem {
  id: string;
  campaignId: string;
  campaignName: string;
  conversationId: string;
  conversationStartedAt: Date;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  /** 0..100, null until the call is analysed. */
  score: number | null;
  /** The campaign's qualify threshold (flowConfig.qualifyThreshold, default 60). */
  qualifyThreshold: number;
  urgency: UrgencyLevel | null;
  status: LeadStatus;
  notes: string | null;
  assignedTo: string | null;
  fields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** One scoring point (lib/voice/analysis.ts Evidence), as the detail view shows it. */
export interface LeadEvidence {
  question: string;
  weight: number;
  points: number;
  verdict: string;
  turnSeq: number | null;
  quote: string | null;
}

export interface LeadDetail extends LeadListItem {
  evidence: LeadEvidence[];
}

export interface ListLeadsOptions {
  workspaceId: string;
  /** Matches name, email, phone or company (case-insensitive substring). */
  q?: string;
  campaignId?: string;
  status?: LeadStatus;
  urgency?: UrgencyLevel;
  sort: LeadSort;
  /** The nextCursor of the previous page. */
  cursor?: string;
  limit: number;
}

export interface LeadPage {
  items: LeadListItem[];
  /** Present when more rows follow. */
  nextCursor: string | null;
}

const fieldsSchema = z.record(z.string(), z.unknown()).catch({});
const evidenceSchema = z
  .array(
    z.object({
      question: z.string().catch(""),
      weight: z.coerce.number().catch(0),
      points: z.coerce.number().catch(0),
      verdict: z.string().catch(""),
      turnSeq: z.number().int().nullable().catch(null),
      quote: z.string().nullable().catch(null),
    }),
  )
  .catch([]);

/** `like` pattern matching `text` anywhere, with its own % _ \ taken literally. */
export function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The sort key each order pages by, as text so the cursor keeps Postgres's full precision
// (timestamps have microseconds; a JS Date would round them and skip or repeat rows).
const SORT_KEY = {
  score: sql<string>`coalesce(l.qualification_score, -1)::text`,
  date: sql<string>`to_char(l.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
} as const;

/** (sort value, id) strictly after the cursor's, in the list's descending order. */
function afterCursor(sort: LeadSort, key: string, id: string): Expression<SqlBool> {
  return sort === "score"
    ? sql<SqlBool>`(coalesce(l.qualification_score, -1), l.id) < (${key}::numeric, ${id}::uuid)`
    : sql<SqlBool>`(l.created_at, l.id) < (${key}::timestamptz, ${id}::uuid)`;
}

/** A decoded cursor for `sort`, or null when it is not one (the list starts over). */
function readCursor(sort: LeadSort, cursor: string | undefined) {
  if (!cursor) return null;
  const parsed = parseCursor(cursor);
  if (!parsed) return null;
  const [key, id] = parsed;
  if (typeof key !== "string") return null;
  const valid =
    sort === "score"
      ? /^-?\d{1,3}(\.\d+)?$/.test(key)
      : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(key) && !Number.isNaN(Date.parse(key));
  return valid ? { key, id } : null;
}

function baseQuery(trx: Tx, workspaceId: string) {
  return trx
    .selectFrom("leads as l")
    .innerJoin("campaigns as c", (join) =>
      join.onRef("c.workspace_id", "=", "l.workspace_id").onRef("c.id", "=", "l.campaign_id"),
    )
    .where("l.workspace_id", "=", workspaceId)
    .select([
      "l.id",
      "l.campaign_id",
      "c.name as campaign_name",
      "l.conversation_id",
      "l.conversation_started_at",
      "l.name",
      "l.email",
      "l.phone",
      "l.company",
      "l.qualification_score",
      "l.urgency_level",
      "l.status",
      "l.notes",
      "l.assigned_to",
      "l.fields",
      "l.created_at",
      "l.updated_at",
      sql<number>`coalesce((c.flow_config->>'qualifyThreshold')::int, ${DEFAULT_QUALIFY_THRESHOLD})`.as(
        "qualify_threshold",
      ),
    ]);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

function toItem(r: BaseRow): LeadListItem {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    campaignName: r.campaign_name,
    conversationId: r.conversation_id,
    conversationStartedAt: r.conversation_started_at,
    name: r.name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    score: r.qualification_score === null ? null : Number(r.qualification_score),
    qualifyThreshold: Number(r.qualify_threshold),
    urgency: r.urgency_level as UrgencyLevel | null,
    status: r.status as LeadStatus,
    notes: r.notes,
    assignedTo: r.assigned_to,
    fields: fieldsSchema.parse(r.fields),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** One page of a workspace's leads, newest (or highest score) first, keyset-paginated. */
export async function listLeads(trx: Tx, o: ListLeadsOptions): Promise<LeadPage> {
  let query = baseQuery(trx, o.workspaceId).select(SORT_KEY[o.sort].as("sort_key"));
  if (o.q) {
    const pattern = containsPattern(o.q);
    query = query.where(
      sql<SqlBool>`(l.name ilike ${pattern} escape '\\' or l.email ilike ${pattern} escape '\\'
        or l.phone ilike ${pattern} escape '\\' or l.company ilike ${pattern} escape '\\')`,
    );
  }
  if (o.campaignId) query = query.where("l.campaign_id", "=", o.campaignId);
  if (o.status) query = query.where("l.status", "=", o.status);
  if (o.urgency) query = query.where("l.urgency_level", "=", o.urgency);
  const cursor = readCursor(o.sort, o.cursor);
  if (cursor) query = query.where(afterCursor(o.sort, cursor.key, cursor.id));
  query =
    o.sort === "score"
      ? query.orderBy(sql`coalesce(l.qualification_score, -1)`, "desc")
      : query.orderBy("l.created_at", "desc");
  const rows = await query
    .orderBy("l.id", "desc")
    .limit(o.limit + 1)
    .execute();
  const more = rows.length > o.limit;
  const page = more ? rows.slice(0, o.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: more && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

/** One lead of the workspace with its scoring evidence; null when RLS hides it or none. */
export async function getLead(
  trx: Tx,
  workspaceId: string,
  id: string,
): Promise<LeadDetail | null> {
  const row = await baseQuery(trx, workspaceId)
    .select("l.evidence")
    .where("l.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  return { ...toItem(row), evidence: evidenceSchema.parse(row.evidence) };
}

export interface LeadPatch {
  status?: LeadStatus;
  notes?: string | null;
  assignedTo?: string | null;
}

/**
 * Applies `patch` to a lead of the workspace; returns the lead's id, or null when no row
 * changed (not visible, or RLS refused: a viewer's update matches no row).
 */
export async function updateLead(
  trx: Tx,
  workspaceId: string,
  id: string,
  patch: LeadPatch,
  /** Only when the lead still has this status (the workflow's compare-and-set). */
  expectStatus?: LeadStatus,
): Promise<string | null> {
  let query = trx
    .updateTable("leads")
    .set({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.assignedTo !== undefined ? { assigned_to: patch.assignedTo } : {}),
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id);
  if (expectStatus) query = query.where("status", "=", expectStatus);
  const row = await query.returning("id").executeTakeFirst();
  return row?.id ?? null;
}

/** The emails of the workspace's members (any role), for assignment. */
export async function memberEmails(trx: Tx, workspaceId: string): Promise<string[]> {
  const { rows } = await sql<{ email: string }>`select email
    from public.workspace_member_list(${workspaceId}::uuid)`.execute(trx);
  return rows.map((r) => r.email);
}
