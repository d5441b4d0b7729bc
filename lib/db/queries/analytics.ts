// Analytics for one workspace over a date range, per campaign and overall. Three statements,
// each bounded by the range on the partition key (conversations.started_at, turns and
// leads' conversation_started_at), so Postgres reads only the month partitions the range
// covers, and each served by an index-only scan (migration 20261202120000). Run under withUser:
// RLS decides what is visible, and the workspace filter keeps to the current workspace.
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
import { sql } from "kysely";
import type { Claims } from "@/lib/auth/claims";
import { DEFAULT_QUALIFY_THRESHOLD } from "@/lib/validations/campaign";
import { type Tx, withUser } from "../scoped";

export const COMPLETED_END_REASONS = ["completed", "caller_declined", "caller_hung_up"] as const;

export interface AnalyticsFilter {
  workspaceId: string;
  /** started_at bounds: [start, end). */
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
  calls: string;
  completed: string;
  failed: string;
  active: string;
  cost: string;
  seconds: string;
  leads: string;
  qualified: string;
}

interface LatencyRow {
  campaign_id: string | null;
  replies: string;
  avg_ms: number | null;
  p95_ms: number | null;
}

interface BucketRow {
  campaign_id: string;
  bucket: number;
  leads: string;
}

const completed = sql.join(COMPLETED_END_REASONS.map((r) => sql.lit(r)));
const campaignFilter = (f: AnalyticsFilter) =>
  f.campaignId ? sql`and v.campaign_id = ${f.campaignId}::uuid` : sql``;

/** Calls, outcomes, cost, talk time, leads and qualified leads per campaign and day. */
function perDay(trx: Tx, f: AnalyticsFilter) {
  return sql<DayRow>`
    select v.campaign_id, c.name,
           coalesce((c.flow_config ->> 'qualifyThreshold')::int, ${DEFAULT_QUALIFY_THRESHOLD}::int) as threshold,
           to_char(v.started_at at time zone 'UTC', 'YYYY-MM-DD') as day,
           count(*) as calls,
           count(*) filter (where v.status = 'ended' and v.end_reason in (${completed})) as completed,
           count(*) filter (where v.status = 'failed' or v.end_reason like 'phone\\_%') as failed,
           count(*) filter (where v.status = 'active') as active,
           coalesce(sum(v.total_cost_usd), 0) as cost,
           coalesce(sum(v.duration_seconds), 0) as seconds,
           count(l.conversation_id) as leads,
           count(*) filter (where l.qualification_score
             >= coalesce((c.flow_config ->> 'qualifyThreshold')::int, ${DEFAULT_QUALIFY_THRESHOLD}::int)) as qualified
      from public.conversations v
      join public.campaigns c on c.workspace_id = v.workspace_id and c.id = v.campaign_id
      left join public.leads l
        on l.workspace_id = v.workspace_id and l.conversation_id = v.id
       and l.conversation_started_at = v.started_at
       and l.conversation_started_at >= ${f.start} and l.conversation_started_at < ${f.end}
     where v.workspace_id = ${f.workspaceId}::uuid
       and v.started_at >= ${f.start} and v.started_at < ${f.end}
       and not v.is_test ${campaignFilter(f)}
     group by v.campaign_id, c.name, c.flow_config, 4`.execute(trx);
}

/** Time to first audio of agent replies, per campaign and overall (campaign_id null). */
function latency(trx: Tx, f: AnalyticsFilter) {
  return sql<LatencyRow>`
    select v.campaign_id, count(*) as replies, avg(t.first_audio_ms)::float8 as avg_ms,
           percentile_cont(0.95) within group (order by t.first_audio_ms) as p95_ms
      from public.turns t
      join public.conversations v
        on v.workspace_id = t.workspace_id and v.id = t.conversation_id
       and v.started_at = t.conversation_started_at
     where t.workspace_id = ${f.workspaceId}::uuid
       and t.conversation_started_at >= ${f.start} and t.conversation_started_at < ${f.end}
       and t.role = 'agent' and t.first_audio_ms is not null
       and v.workspace_id = ${f.workspaceId}::uuid
       and v.started_at >= ${f.start} and v.started_at < ${f.end}
       and not v.is_test ${campaignFilter(f)}
     group by grouping sets ((v.campaign_id), ())`.execute(trx);
}

/** Lead scores in buckets of ten (the last one 90-100), per campaign. */
function scoreBuckets(trx: Tx, f: AnalyticsFilter) {
  return sql<BucketRow>`
    select v.campaign_id, least(floor(l.qualification_score / 10), 9)::int as bucket,
           count(*) as leads
      from public.leads l
      join public.conversations v
        on v.workspace_id = l.workspace_id and v.id = l.conversation_id
       and v.started_at = l.conversation_started_at
     where l.workspace_id = ${f.workspaceId}::uuid
       and l.conversation_started_at >= ${f.start} and l.conversation_started_at < ${f.end}
       and l.qualification_score is not null
       and v.workspace_id = ${f.workspaceId}::uuid
       and v.started_at >= ${f.start} and v.started_at < ${f.end}
       and not v.is_test ${campaignFilter(f)}
     group by 1, 2`.execute(trx);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function metrics(rows: DayRow[], lat: LatencyRow | undefined): CallMetrics {
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
    replies: lat ? Number(lat.replies) : 0,
    firstAudioAvgMs: lat?.avg_ms ?? null,
    firstAudioP95Ms: lat?.p95_ms ?? null,
  };
}

/** Every day of [start, end) as YYYY-MM-DD. */
function daysOf(start: Date, end: Date): string[] {
  const out: string[] = [];
  for (let t = start.getTime(); t < end.getTime(); t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export async function getAnalytics(trx: Tx, f: AnalyticsFilter): Promise<Analytics> {
  const [day, lat, buckets] = [
    (await perDay(trx, f)).rows,
    (await latency(trx, f)).rows,
    (await scoreBuckets(trx, f)).rows,
  ];
  const ids = [...new Set(day.map((r) => r.campaign_id))];
  const campaigns = ids
    .map((id) => {
      const rows = day.filter((r) => r.campaign_id === id);
      const first = rows[0]!;
      return {
        campaignId: id,
        name: first.name,
        threshold: Number(first.threshold),
        ...metrics(
          rows,
          lat.find((l) => l.campaign_id === id),
        ),
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
    overall: metrics(
      day,
      lat.find((l) => l.campaign_id === null),
    ),
    campaigns,
    days: [...byDay.values()],
    scores,
  };
}

/** The analytics as `claims` may see them (RLS decides), in one transaction. */
export function readAnalytics(claims: Claims, f: AnalyticsFilter) {
  return withUser(claims, (trx) => getAnalytics(trx, f));
}
