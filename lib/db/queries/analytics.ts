// Analytics for one workspace over a range of whole UTC days, per campaign and overall, read
// from the daily rollup (migration 20261203100000_analytics_rollup): first the range's days
// whose calls, turns or leads changed since their last rollup are recomputed from the base
// tables (bounded on the partition keys, so only those days' month partitions are read), then
// three small statements read the range's rollup rows. The 95th percentile of time to first
// audio comes from each day's largest values when they cover it, else from the turns (one
// scan for every campaign that needs it).
// Run under withUser: RLS decides what is visible, and the workspace filter keeps to the
// current workspace.
//
// Definitions (README "Analytics"):
//  * a call is a conversation that started in the range; preview ("Try it") calls are left out;
//  * completed: ended by the agent (completed, caller_declined) or by the caller hanging up;
//    failed: status failed, or a phone call that never connected (end reason phone_*);
//    abandoned: any other end (idle timeout, tab closed, caller left). Completion rate =
//    completed / finished calls (active calls are not finished);
//  * time to first audio: per agent reply (turns.first_audio_ms: from the caller's turn
//    reaching the server to the first audio byte sent), average and 95th percentile;
//  * cost per call = total cost / calls; cost per minute = total cost / talk minutes;
//  * a qualified lead scores at least its campaign's threshold (flowConfig.qualifyThreshold,
//    default 60); qualified share = calls that produced one / calls.
import { type Kysely, sql } from "kysely";
import { p95FromTops } from "@/lib/analytics/percentile";
import type { Claims } from "@/lib/auth/claims";
import { logger } from "@/lib/observability/logger";
import { isoDate } from "@/lib/validations/analytics";
import { DEFAULT_QUALIFY_THRESHOLD } from "@/lib/validations/campaign";
import type { DB } from "../schema.gen";
import { type Tx, withServiceRole, withUser } from "../scoped";

export interface AnalyticsFilter {
  workspaceId: string;
  /** started_at bounds: [start, end), widened to whole UTC days (the rollup's unit). */
  start: Date;
  end: Date;
  campaignId?: string;
}

export interface CallMetrics {
  calls: number;
  completed: number;
  abandoned: number;
  failed: number;
  active: number;
  /** completed / (calls - active); null without finished calls. */
  completionRate: number | null;
  costUsd: number;
  costPerCall: number | null;
  minutes: number;
  costPerMinute: number | null;
  leads: number;
  qualifiedLeads: number;
  /** qualifiedLeads / calls. */
  qualifiedShare: number | null;
  /** Agent replies measured, their average and 95th percentile time to first audio. */
  replies: number;
  firstAudioAvgMs: number | null;
  firstAudioP95Ms: number | null;
}

export interface CampaignMetrics extends CallMetrics {
  campaignId: string;
  name: string;
  threshold: number;
}

export interface DayPoint {
  /** YYYY-MM-DD (UTC). */
  day: string;
  calls: number;
  completed: number;
  qualifiedLeads: number;
}

export interface ScoreBucket {
  /** Scores from `min` up to `max` (90-100 includes 100). */
  min: number;
  max: number;
  leads: number;
}

export interface Analytics {
  overall: CallMetrics;
  campaigns: CampaignMetrics[];
  days: DayPoint[];
  scores: ScoreBucket[];
}

interface DayRow {
  campaign_id: string;
  name: string;
  threshold: number;
  day: string;
  calls: number;
  completed: number;
  failed: number;
  active: number;
  cost: string;
  seconds: string;
  leads: number;
  qualified: string;
}

interface LatencyRow {
  campaign_id: string;
  replies: number;
  first_audio_sum: string;
  /** Comma-separated: node-pg's array parser takes ten times longer over thousands of ints. */
  first_audio_top: string;
}

interface BucketRow {
  campaign_id: string;
  bucket: number;
  leads: string;
}

const threshold = sql`coalesce((c.flow_config ->> 'qualifyThreshold')::int, ${DEFAULT_QUALIFY_THRESHOLD}::int)`;

/** The rollup rows (d) of the filter's days and campaign. */
function inRange(f: AnalyticsFilter) {
  return sql`d.workspace_id = ${f.workspaceId}::uuid
       and d.day >= ${isoDate(f.start)}::date and d.day < ${isoDate(f.end)}::date
       ${f.campaignId ? sql`and d.campaign_id = ${f.campaignId}::uuid` : sql``}`;
}

/** Recomputes the range's days that changed since they were last rolled up (as the user). */
function refresh(trx: Tx, f: AnalyticsFilter) {
  return sql`select public.refresh_workspace_analytics(${f.workspaceId}::uuid,
    ${isoDate(f.start)}::date, ${isoDate(f.end)}::date)`.execute(trx);
}

/** Calls, outcomes, cost, talk time, leads and qualified leads per campaign and day. */
function perDay(trx: Tx, f: AnalyticsFilter) {
  return sql<DayRow>`
    select d.campaign_id, c.name, ${threshold} as threshold, to_char(d.day, 'YYYY-MM-DD') as day,
           d.calls, d.completed, d.failed, d.active, d.cost_usd as cost, d.seconds, d.leads,
           (select coalesce(sum(s.n), 0) from unnest(d.scores) with ordinality as s(n, i)
             where s.i - 1 >= ${threshold}) as qualified
      from public.analytics_daily d
      join public.campaigns c on c.workspace_id = d.workspace_id and c.id = d.campaign_id
     where ${inRange(f)}`.execute(trx);
}

/** Each day's agent replies: how many, their total and largest times to first audio. */
function latency(trx: Tx, f: AnalyticsFilter) {
  return sql<LatencyRow>`
    select d.campaign_id, d.replies, d.first_audio_sum,
           array_to_string(d.first_audio_top, ',') as first_audio_top
      from public.analytics_daily d
     where ${inRange(f)} and d.replies > 0`.execute(trx);
}

/** Lead scores in buckets of ten (the last one 90-100), per campaign. */
function scoreBuckets(trx: Tx, f: AnalyticsFilter) {
  return sql<BucketRow>`
    select d.campaign_id, least((s.i - 1) / 10, 9)::int as bucket, sum(s.n) as leads
      from public.analytics_daily d
      cross join lateral unnest(d.scores) with ordinality as s(n, i)
     where ${inRange(f)} and s.n > 0
     group by 1, 2`.execute(trx);
}

/**
 * The exact 95th percentile (percentile_cont) from the turns, per campaign and overall
 * (campaign_id null), in one scan: for the sets the rollup's kept values do not cover.
 */
async function p95FromTurns(trx: Tx, f: AnalyticsFilter) {
  const { rows } = await sql<{ campaign_id: string | null; p95: number | null }>`
    select case when grouping(v.campaign_id) = 0 then v.campaign_id end as campaign_id,
           percentile_cont(0.95) within group (order by t.first_audio_ms) as p95
      from public.turns t
      join public.conversations v
        on v.workspace_id = t.workspace_id and v.id = t.conversation_id
       and v.started_at = t.conversation_started_at
     where t.workspace_id = ${f.workspaceId}::uuid
       and t.conversation_started_at >= ${f.start} and t.conversation_started_at < ${f.end}
       and t.role = 'agent' and t.first_audio_ms is not null
       and v.workspace_id = ${f.workspaceId}::uuid
       and v.started_at >= ${f.start} and v.started_at < ${f.end}
       and not v.is_test ${f.campaignId ? sql`and v.campaign_id = ${f.campaignId}::uuid` : sql``}
     group by grouping sets ((v.campaign_id), ())`.execute(trx);
  return new Map(rows.map((r) => [r.campaign_id, r.p95]));
}

interface Latency {
  replies: number;
  avgMs: number | null;
  /** undefined: the rollup cannot tell, ask the turns. */
  p95Ms: number | null | undefined;
}

function latencyOf(rows: LatencyRow[]): Latency {
  const days = rows.map((r) => ({
    replies: r.replies,
    top: r.first_audio_top ? r.first_audio_top.split(",").map(Number) : [],
  }));
  const replies = rows.reduce((s, r) => s + r.replies, 0);
  const total = rows.reduce((s, r) => s + Number(r.first_audio_sum), 0);
  return { replies, avgMs: replies ? total / replies : null, p95Ms: p95FromTops(days) };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function metrics(rows: DayRow[], lat: Latency): CallMetrics {
  const sum = (k: keyof DayRow) => rows.reduce((s, r) => s + Number(r[k]), 0);
  const calls = sum("calls");
  const done = sum("completed");
  const failed = sum("failed");
  const active = sum("active");
  const costUsd = sum("cost");
  const minutes = sum("seconds") / 60;
  const qualifiedLeads = sum("qualified");
  return {
    calls,
    completed: done,
    abandoned: calls - done - failed - active,
    failed,
    active,
    completionRate: ratio(done, calls - active),
    costUsd,
    costPerCall: ratio(costUsd, calls),
    minutes,
    costPerMinute: ratio(costUsd, minutes),
    leads: sum("leads"),
    qualifiedLeads,
    qualifiedShare: ratio(qualifiedLeads, calls),
    replies: lat.replies,
    firstAudioAvgMs: lat.avgMs,
    firstAudioP95Ms: lat.p95Ms ?? null,
  };
}

/** Every day of [start, end) as YYYY-MM-DD. */
function daysOf(start: Date, end: Date): string[] {
  const out: string[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The filter widened to whole UTC days, the rollup's unit. */
function wholeDays(f: AnalyticsFilter): AnalyticsFilter {
  const start = new Date(`${isoDate(f.start)}T00:00:00Z`);
  const end = new Date(`${isoDate(f.end)}T00:00:00Z`);
  if (end < f.end) end.setUTCDate(end.getUTCDate() + 1);
  return { ...f, start, end };
}

/** The figures from the rollup, as it stands (readAnalytics refreshes it first). */
export async function getAnalytics(trx: Tx, f: AnalyticsFilter): Promise<Analytics> {
  const [day, lat, buckets] = [
    (await perDay(trx, f)).rows,
    (await latency(trx, f)).rows,
    (await scoreBuckets(trx, f)).rows,
  ];
  const ids = [...new Set(day.map((r) => r.campaign_id))];
  const overall = latencyOf(lat);
  const perCampaign = new Map(
    ids.map((id) => [id, latencyOf(lat.filter((l) => l.campaign_id === id))]),
  );
  if ([overall, ...perCampaign.values()].some((l) => l.p95Ms === undefined)) {
    const exact = await p95FromTurns(trx, f);
    for (const [id, l] of [[null, overall] as const, ...perCampaign])
      if (l.p95Ms === undefined) l.p95Ms = exact.get(id) ?? null;
  }
  const campaigns: CampaignMetrics[] = ids
    .map((id) => {
      const rows = day.filter((r) => r.campaign_id === id);
      const first = rows[0]!;
      return {
        campaignId: id,
        name: first.name,
        threshold: Number(first.threshold),
        ...metrics(rows, perCampaign.get(id)!),
      };
    })
    .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name));
  const byDay = new Map<string, DayPoint>();
  for (const d of daysOf(f.start, f.end))
    byDay.set(d, { day: d, calls: 0, completed: 0, qualifiedLeads: 0 });
  for (const r of day) {
    const p = byDay.get(r.day);
    if (!p) continue;
    p.calls += Number(r.calls);
    p.completed += Number(r.completed);
    p.qualifiedLeads += Number(r.qualified);
  }
  const scores: ScoreBucket[] = Array.from({ length: 10 }, (_, i) => ({
    min: i * 10,
    max: i === 9 ? 100 : i * 10 + 9,
    leads: 0,
  }));
  for (const b of buckets) scores[b.bucket]!.leads += Number(b.leads);
  return {
    overall: metrics(day, overall),
    campaigns,
    days: [...byDay.values()],
    scores,
  };
}

/**
 * The analytics as `claims` may see them (RLS decides): the range's changed days are rolled up
 * in a short transaction of their own (the workspace's refresh lock is not held while the page
 * reads), then the figures are read.
 */
export async function readAnalytics(claims: Claims, filter: AnalyticsFilter) {
  const f = wholeDays(filter);
  await withUser(claims, (trx) => refresh(trx, f));
  return withUser(claims, (trx) => getAnalytics(trx, f));
}

const REFRESH_WHY = "analytics rollup: a schedule recomputes changed days, no user is signed in";

/**
 * Brings the rollup of every workspace with changed days up to date, a month of one workspace
 * per transaction, until `budgetMs` has passed. The jobs drain runs it, so the page seldom has
 * more than the last minutes' changes to recompute. Returns the days recomputed; never throws
 * (a failure is logged, and what it left is done on the next run).
 */
export async function refreshAnalyticsRollups({
  budgetMs = 10_000,
  db,
}: {
  budgetMs?: number;
  db?: Kysely<DB>;
} = {}) {
  const started = Date.now();
  const { rows: due } = await withServiceRole(
    REFRESH_WHY,
    (trx) =>
      sql<{ workspace_id: string; month: string }>`
        select distinct workspace_id, to_char(date_trunc('month', day), 'YYYY-MM-DD') as month
          from public.analytics_dirty order by 2 desc`.execute(trx),
    db,
  ).catch((err) => {
    logger.warn({ err }, "analytics rollup refresh failed");
    return { rows: [] };
  });
  let days = 0;
  for (const { workspace_id, month } of due) {
    if (Date.now() - started > budgetMs) break;
    // One month's failure is logged and the others go on: its entries stay for the next run.
    const { rows } = await withServiceRole(
      REFRESH_WHY,
      (trx) =>
        sql<{ days: number }>`select public.analytics_refresh(${workspace_id}::uuid,
          ${month}::date, (${month}::date + interval '1 month')::date) as days`.execute(trx),
      db,
    ).catch((err) => {
      logger.warn({ err, workspaceId: workspace_id, month }, "analytics rollup refresh failed");
      return { rows: [] };
    });
    days += rows[0]?.days ?? 0;
  }
  return days;
}
