// Demo data for one workspace, drawn inside the database with INSERT … SELECT over
// generate_series (see ./sql.ts): the demo campaigns, then `conversations` calls spread over
// the campaigns' active days with a daily and weekly rhythm, their turns with the latency
// marks and costs the engine records, each call's cost and duration summed from its turns,
// and a lead with score, evidence, urgency and a worked status for every answered call.
// Deterministic: the same seed, workspace and `now` give the same rows. Runs as the
// connection's own role (the database owner: a script, not a request), month by month.
import { createHash } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { DB } from "@/lib/db/schema.gen";
import { DEFAULT_QUALIFY_THRESHOLD } from "@/lib/validations/campaign";
import { SEED_CAMPAIGNS, type SeedCampaign } from "./campaigns";
import {
  AGENT_ASKS_CONTACT,
  AGENT_ASKS_QUESTIONS,
  AGENT_SMALL_TALK,
  CALLER_AGREES,
  CALLER_DECLINES,
  CALLER_DONE,
  CALLER_SMALL_TALK,
  COMPANIES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
} from "./lines";
import { hash, pick, pickJson, textArray, uniform } from "./sql";

export interface SeedOptions {
  workspaceId: string;
  /** The user the campaigns are created by. */
  createdBy: string;
  conversations: number;
  seed: number;
  /** The calls end before this instant. */
  now: Date;
  /** Stretches the campaigns' active days (about 6 months) to this many days. */
  days?: number;
  /** Every lead status the schema accepts (new … won, lost); older schemas lack won and lost. */
  leadStatuses?: readonly string[];
  log?: (line: string) => void;
}

export interface SeedResult {
  campaigns: { id: string; name: string }[];
  conversations: number;
  turns: number;
  leads: number;
}

const sqlText = (s: string) => s.replaceAll("'", "''");

// Version-4 UUIDs from an MD5 (the version and variant bits set), so the app's z.uuid()
// accepts the seeded ids in URLs and API calls.
const md5Uuid = (text: string) => {
  const h = createHash("md5").update(text).digest("hex");
  const variant = "89ab"[Number.parseInt(h[16]!, 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
/** The same in SQL, over an md5 hex expression. */
const md5UuidSql = (m: string) =>
  `(substr(${m}, 1, 12) || '4' || substr(${m}, 14, 3)
    || substr('89ab', 1 + ('x' || substr(${m}, 17, 1))::bit(4)::int % 4, 1) || substr(${m}, 18, 15))::uuid`;

/** The ids the seed gives a workspace's demo campaigns (a re-run replaces them). */
export const seedCampaignId = (seed: number, workspaceId: string, c: SeedCampaign) =>
  md5Uuid(`${seed}:${workspaceId}:${c.key}`);

// Hours of the day (UTC) a call starts in, weighted towards office hours.
const HOURS = [
  8, 9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 13, 13, 14, 14, 14, 15, 15, 15, 16, 16, 17, 17, 18, 19,
  20, 21, 7, 22,
];

// How calls end, as cumulative shares: [outcome, web, phone]. "failed" is the status; the
// others are end reasons of an ended call.
const OUTCOMES: [string, number, number][] = [
  ["completed", 0.5, 0.47],
  ["caller_declined", 0.58, 0.55],
  ["caller_hung_up", 0.7, 0.74],
  ["caller_left", 0.76, 0.79],
  ["idle_timeout", 0.85, 0.85],
  ["tab_closed", 0.97, 0.85],
  ["phone_canceled", 0.97, 0.93],
  ["phone_failed", 0.97, 0.96],
  ["failed", 1, 1],
];

const outcomeCase = (u: string, phone: string) =>
  `case when ${phone} then case ${OUTCOMES.map(([o, , p]) => `when ${u} < ${p} then '${o}'`).join(" ")} end
   else case ${OUTCOMES.map(([o, w]) => `when ${u} < ${w} then '${o}'`).join(" ")} end end`;

// Answered pairs (a caller turn and the agent's reply) by outcome; nq = the campaign's questions.
const pairsCase = (outcome: string, u: string, nq: string) => `case ${outcome}
  when 'completed' then ${nq} + 2 + floor(${u} * 6)
  when 'caller_declined' then 1
  when 'caller_hung_up' then 1 + floor(${u} * (${nq} + 2))
  when 'phone_canceled' then 0
  when 'phone_failed' then floor(${u} * 2)
  when 'failed' then floor(${u} * 3)
  else floor(${u} * (${nq} + 1)) end`;

// Per conversation v: names (hn), lead details (hm), verdicts (hq); per pair k: hp, hp2.
const HN = hash(`v.id::text || ':n'`);
const HM = hash(`v.id::text || ':m'`);
const HQ = hash(`v.id::text || ':q'`);
const pairHash = (k: string, n: 0 | 1) => hash(`v.id::text || ':' || (${k})`, n);

const FIRST = textArray(FIRST_NAMES);
const LAST = textArray(LAST_NAMES);
const firstName = pick(FIRST, uniform(HN, 0));
const lastName = pick(LAST, uniform(HN, 1));
const email = `lower(${firstName} || '.' || ${lastName} || '@' || ${pick(textArray(EMAIL_DOMAINS), uniform(HN, 2))})`;

/** The verdict on question j (0-based SQL expression) of conversation v. */
const verdict = (j: string) => `case
  when ${uniform(HQ, j)} < c.q_qualifies[${j} + 1] then 'qualifies'
  when ${uniform(HQ, j)} < c.q_qualifies[${j} + 1] + c.q_disqualifies[${j} + 1] then 'disqualifies'
  else 'unclear' end`;

/** What the caller says to question j: the caller turn of pair j + 1. */
const answer = (j: string) =>
  pickJson(`c.answers -> (${j}) -> (${verdict(j)})`, uniform(pairHash(`${j} + 1`, 0), 2));

async function createCampaigns(db: Kysely<DB>, o: SeedOptions, days: number) {
  const total = SEED_CAMPAIGNS.reduce((s, c) => s + c.share, 0);
  let lo = 0;
  const rows = SEED_CAMPAIGNS.map((c, idx) => {
    const id = seedCampaignId(o.seed, o.workspaceId, c);
    const hi = idx === SEED_CAMPAIGNS.length - 1 ? 1 : lo + c.share / total;
    const row = { c, id, lo, hi };
    lo = hi;
    return row;
  });
  await db
    .deleteFrom("campaigns")
    .where("workspace_id", "=", o.workspaceId)
    .where(
      "id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  for (const { c, id } of rows) {
    const slug = `${c.key}-${id.slice(0, 8)}`;
    const created = new Date(
      o.now.getTime() - ((c.activeDaysAgo[0] * days) / 182) * 86_400_000 - 3 * 86_400_000,
    );
    await db
      .insertInto("campaigns")
      .values({
        id,
        workspace_id: o.workspaceId,
        created_by: o.createdBy,
        name: c.name,
        description: c.description,
        status: c.status,
        public_slug: slug,
        voice_settings: JSON.stringify(c.voice),
        flow_config: JSON.stringify(c.flow),
        created_at: created,
        updated_at: created,
      })
      .execute();
    await db
      .insertInto("campaign_slugs")
      .values({ slug, workspace_id: o.workspaceId, campaign_id: id })
      .execute();
  }
  await sql`drop table if exists pg_temp.seed_campaigns`.execute(db);
  await sql`create temporary table seed_campaigns (
    id uuid primary key, lo float8, hi float8, phone_share float8, day_from float8, day_to float8,
    threshold int, nq int, first_message text, closing text, q_id text[], q_text text[],
    q_weight int[], q_qualifies float8[], q_disqualifies float8[], answers jsonb)`.execute(db);
  for (const { c, id, lo, hi } of rows) {
    if (c.flow.questions.length > 4) throw new Error(`${c.key}: the seed draws at most 4 verdicts`);
    const qs = c.flow.questions;
    await sql`insert into pg_temp.seed_campaigns values (${id}, ${lo}, ${hi}, ${c.phoneShare},
      ${(c.activeDaysAgo[0] * days) / 182}, ${(c.activeDaysAgo[1] * days) / 182},
      ${c.flow.qualifyThreshold ?? DEFAULT_QUALIFY_THRESHOLD}, ${qs.length},
      ${c.flow.firstMessage}, ${c.flow.closingMessage},
      ${qs.map((q) => q.id)}::text[], ${qs.map((q) => q.text)}::text[],
      ${qs.map((q) => q.weight)}::int[], ${c.questions.map((q) => q.qualifies)}::float8[],
      ${c.questions.map((q) => q.disqualifies)}::float8[],
      ${JSON.stringify(c.questions.map((q) => q.answers))}::jsonb)`.execute(db);
  }
  return rows.map((r) => ({ id: r.id, name: r.c.name }));
}

async function insertConversations(db: Kysely<DB>, o: SeedOptions) {
  const day0 = new Date(o.now);
  day0.setUTCHours(0, 0, 0, 0);
  const key = `'${o.seed}:${o.workspaceId}:' || i`;
  const [h1, h2] = [hash(key, 0), hash(key, 1)];
  const outcome = outcomeCase(uniform("g.h1", 3), "a.phone");
  const phoneDigits = `(201 + floor(${uniform("g.h2", 1)} * 798))::text || lpad(floor(${uniform("g.h1", 2)} * 9999999)::text, 7, '0')`;
  await sql`
    with g as (
      select ${sql.raw(md5UuidSql(`md5(${key})`))} as id, ${sql.raw(h1)} as h1, ${sql.raw(h2)} as h2
        from generate_series(1, ${o.conversations}::int) as i
    )
    insert into public.conversations (id, workspace_id, campaign_id, status, started_at,
      end_reason, caller_name, caller_phone, channel, call_sid, phone_status, turn_count, created_at)
    select g.id, ${o.workspaceId}::uuid, c.id, case when o.outcome = 'failed' then 'failed' else 'ended' end,
           t.started_at, nullif(o.outcome, 'failed'),
           case when not a.phone and ${sql.raw(uniform("g.h2", 1))} < 0.6
             then ${sql.raw(pick(FIRST, uniform("g.h2", 2)))} end,
           case when a.phone then '+1' || ${sql.raw(phoneDigits)} end,
           case when a.phone then 'phone' else 'web' end,
           case when a.phone then 'CA' || md5(g.id::text) end,
           case when not a.phone then null
                when o.outcome = 'phone_canceled' then 'canceled'
                when o.outcome in ('phone_failed', 'failed') then 'failed' else 'completed' end,
           1 + 2 * (${sql.raw(pairsCase("o.outcome", uniform("g.h2", 3), "c.nq"))})::int,
           t.started_at
      from g
      join pg_temp.seed_campaigns c on ${sql.raw(uniform("g.h1", 0))} >= c.lo and ${sql.raw(uniform("g.h1", 0))} < c.hi
      cross join lateral (
        select ${sql.raw(uniform("g.h2", 2))} < c.phone_share as phone,
               ${day0}::timestamptz
                 - make_interval(days => floor(c.day_to + (c.day_from - c.day_to) * (1 - sqrt(${sql.raw(uniform("g.h1", 1))})))::int)
                 + make_interval(hours => (${sql.raw(textArray(HOURS.map(String)))})[1 + floor(${sql.raw(uniform("g.h2", 0))} * ${HOURS.length}::int)]::int)
                 + ${sql.raw(uniform("g.h1", 2))} * interval '1 hour' as at
      ) a
      cross join lateral (
        -- Weekends are quieter: half of Saturday's calls move to Friday, Sunday's to Monday.
        select a.at + case when ${sql.raw(uniform("g.h2", 1))} < 0.55
                 then (case extract(isodow from a.at at time zone 'UTC') when 6 then -1 when 7 then 1 else 0 end)
                 else 0 end * interval '1 day' as at
      ) w
      cross join lateral (
        select case when w.at > ${o.now}::timestamptz - interval '10 minutes'
                 then w.at - interval '1 day' else w.at end as started_at
      ) t
      cross join lateral (select ${sql.raw(outcome)} as outcome) o`.execute(db);
}

/** The turns of the calls that started in [from, to). */
async function insertTurns(db: Kysely<DB>, ws: string, from: Date, to: Date) {
  const k = "(s.seq - 1) / 2";
  const [hp, hp2] = [pairHash(k, 0), pairHash(k, 1)];
  const callerJ = "(s.seq - 3) / 2";
  const agentJ = "(s.seq / 2 - 1)";
  // A caller's question and the agent's answer share their pair's draw, so they match.
  const callerText = `case
    when s.seq = 1 and v.end_reason = 'caller_declined' then ${pick(textArray(CALLER_DECLINES), uniform("p.hp", 2))}
    when s.seq = 1 then ${pick(textArray(CALLER_AGREES), uniform("p.hp", 2))}
    when ${callerJ} < c.nq then ${answer(callerJ)}
    when ${callerJ} = c.nq then 'It''s ' || ${firstName} || ' ' || ${lastName} || ', ' || ${email} || '.'
    when s.seq = v.turn_count - 2 and v.end_reason = 'completed' then '${sqlText(CALLER_DONE)}'
    else ${pick(textArray(CALLER_SMALL_TALK), uniform("p.hp", 2))} end`;
  const agentText = `case
    when s.seq = 0 then c.first_message
    when s.seq = v.turn_count - 1 and v.end_reason in ('completed', 'caller_declined') then c.closing
    when ${agentJ} < c.nq then c.q_text[${agentJ} + 1]
    when ${agentJ} = c.nq then '${sqlText(AGENT_ASKS_CONTACT)}'
    when ${agentJ} = c.nq + 1 then '${sqlText(AGENT_ASKS_QUESTIONS)}'
    else ${pick(textArray(AGENT_SMALL_TALK), uniform("p.hp", 2))} end`;
  await sql`
    insert into public.turns (workspace_id, conversation_id, conversation_started_at, seq, role, text,
      heard_text, interrupted, heard_ms, audio_duration_ms, stt_ms, llm_first_token_ms,
      tts_first_byte_ms, first_audio_ms, total_ms, stt_seconds, llm_input_tokens, llm_output_tokens,
      tts_characters, cost_usd, created_at)
    select v.workspace_id, v.id, v.started_at, s.seq, r.role, x.text,
           case when r.interrupted then left(x.text, greatest(8, length(x.text) * 2 / 5)) end,
           r.interrupted,
           case when r.interrupted then 600 + length(x.text) * 22 end,
           m.audio_ms, case when r.role = 'caller' then m.stt_ms end,
           case when r.role = 'agent' and s.seq > 0 then m.llm_ms end,
           case when r.role = 'agent' and s.seq > 0 then m.tts_ms end,
           case when r.role = 'agent' and s.seq > 0 then m.stt_ms + m.llm_ms + m.tts_ms + m.rest_ms end,
           case when r.role = 'agent' and s.seq > 0
             then m.stt_ms + m.llm_ms + m.tts_ms + m.rest_ms + 900 + length(x.text) * 55 end,
           coalesce(m.audio_ms, 0) / 1000.0,
           case when r.role = 'agent' and s.seq > 0 then 320 + s.seq * 48 else 0 end,
           case when r.role = 'agent' and s.seq > 0 then m.out_tokens else 0 end,
           case when r.role = 'agent' and s.seq > 0 then length(x.text) else 0 end,
           case when r.role = 'caller' then round(m.audio_ms / 1000.0 * 0.0043 / 60, 6)
                when s.seq = 0 then 0
                else round((320 + s.seq * 48) * 0.15 / 1e6 + m.out_tokens * 0.6 / 1e6, 6)
                   + round(length(x.text) * 15 / 1e6, 6) end,
           v.started_at + s.seq * interval '6 seconds'
      from public.conversations v
      join pg_temp.seed_campaigns c on c.id = v.campaign_id
      cross join lateral generate_series(0, v.turn_count - 1) as s(seq)
      cross join lateral (select ${sql.raw(hp)} as hp, ${sql.raw(hp2)} as hp2) p
      cross join lateral (
        select case when s.seq % 2 = 1 then 'caller' else 'agent' end as role,
               s.seq % 2 = 0 and s.seq > 0 and ${sql.raw(uniform("p.hp", 0))} < 0.05 as interrupted
      ) r
      cross join lateral (
        select case when r.role = 'caller' then (1200 + ${sql.raw(uniform("p.hp", 0))} * 4800)::int end as audio_ms,
               (160 + ${sql.raw(uniform("p.hp", 1))} * 380 + case when v.channel = 'phone' then 60 else 0 end)::int as stt_ms,
               (260 + ${sql.raw(uniform("p.hp", 2))} * 520
                 + case when ${sql.raw(uniform("p.hp2", 0))} < 0.04 then 900 + ${sql.raw(uniform("p.hp2", 1))} * 1600 else 0 end)::int as llm_ms,
               (110 + ${sql.raw(uniform("p.hp", 3))} * 260)::int as tts_ms,
               (35 + ${sql.raw(uniform("p.hp2", 2))} * 70)::int as rest_ms,
               (12 + ${sql.raw(uniform("p.hp2", 3))} * 48)::int as out_tokens
      ) m
      cross join lateral (
        select case when r.role = 'caller' then ${sql.raw(callerText)} else ${sql.raw(agentText)} end as text
      ) x
     where v.workspace_id = ${ws}::uuid and v.started_at >= ${from} and v.started_at < ${to}`.execute(
    db,
  );
}

/** Each call's costs and duration, summed from its turns (as the engine adds them up). */
async function sumCalls(db: Kysely<DB>, ws: string, from: Date, to: Date) {
  await sql`
    update public.conversations v
       set stt_cost_usd = a.stt, llm_cost_usd = a.llm, tts_cost_usd = a.tts, total_cost_usd = a.total,
           duration_seconds = a.seconds, ended_at = v.started_at + a.seconds * interval '1 second',
           updated_at = v.started_at + a.seconds * interval '1 second'
      from (
        select conversation_id, conversation_started_at,
               coalesce(sum(cost_usd) filter (where role = 'caller'), 0) as stt,
               sum(round(llm_input_tokens * 0.15 / 1e6 + llm_output_tokens * 0.6 / 1e6, 6)) as llm,
               sum(round(tts_characters * 15 / 1e6, 6)) as tts,
               sum(cost_usd) as total,
               ceil(4 + (sum(coalesce(audio_duration_ms, 0)) + sum(coalesce(total_ms, 0))) / 1000.0
                 + count(*) * 0.4)::int as seconds
          from public.turns
         where workspace_id = ${ws}::uuid and conversation_started_at >= ${from}
           and conversation_started_at < ${to}
         group by conversation_id, conversation_started_at
      ) a
     where v.workspace_id = ${ws}::uuid and v.started_at >= ${from} and v.started_at < ${to}
       and v.id = a.conversation_id and v.started_at = a.conversation_started_at`.execute(db);
}

/** The leads of the answered calls that started in [from, to). */
async function insertLeads(
  db: Kysely<DB>,
  o: SeedOptions,
  from: Date,
  to: Date,
  statuses: readonly string[],
) {
  const has = (s: string) => statuses.includes(s);
  // Leads a team has worked for a while: older ones are won or lost, recent ones new.
  const won = has("won") ? "'won'" : "'qualified'";
  const lost = has("lost") ? "'lost'" : "'contacted'";
  const u = uniform(HM, 1);
  const now = `'${o.now.toISOString()}'::timestamptz`;
  const status = `case when e.score >= c.threshold then
      case when v.started_at < ${now} - interval '14 days' then
        case when ${u} < 0.25 then ${won} when ${u} < 0.55 then ${lost} when ${u} < 0.8 then 'contacted' else 'qualified' end
      else case when ${u} < 0.6 then 'qualified' else 'contacted' end end
    else
      case when v.started_at < ${now} - interval '14 days' then
        case when ${u} < 0.45 then 'new' when ${u} < 0.65 then 'contacted' else ${lost} end
      else case when ${u} < 0.85 then 'new' else 'contacted' end end
    end`;
  const urgency = `case when e.answered = 0 then null
    when e.score >= c.threshold then case when ${uniform(HM, 0)} < 0.45 then 'high' when ${uniform(HM, 0)} < 0.85 then 'medium' else 'low' end
    else case when ${uniform(HM, 0)} < 0.1 then 'high' when ${uniform(HM, 0)} < 0.4 then 'medium' else 'low' end end`;
  const contact = "v.turn_count - 1 >= 2 * c.nq + 3";
  await sql`
    insert into public.leads (workspace_id, campaign_id, conversation_id, conversation_started_at,
      name, email, phone, company, qualification_score, urgency_level, status, evidence, created_at, updated_at)
    select v.workspace_id, v.campaign_id, v.id, v.started_at,
           case when ${sql.raw(contact)} then ${sql.raw(firstName)} || ' ' || ${sql.raw(lastName)}
                else v.caller_name end,
           case when ${sql.raw(contact)} then ${sql.raw(email)} end,
           v.caller_phone,
           case when ${sql.raw(contact)} and ${sql.raw(uniform(HM, 2))} < 0.35
             then ${sql.raw(pick(textArray(COMPANIES), uniform(HM, 3)))} end,
           e.score, ${sql.raw(urgency)}, ${sql.raw(status)},
           e.evidence, v.ended_at + interval '20 seconds', v.ended_at + interval '20 seconds'
      from public.conversations v
      join pg_temp.seed_campaigns c on c.id = v.campaign_id
      cross join lateral (
        select jsonb_agg(jsonb_build_object(
                 'questionId', c.q_id[q.j + 1], 'question', c.q_text[q.j + 1],
                 'weight', c.q_weight[q.j + 1], 'answered', q.answered,
                 'qualifies', q.answered and q.verdict = 'qualifies',
                 'verdict', case when q.answered then q.verdict else 'unanswered' end,
                 'points', case when q.answered and q.verdict = 'qualifies' then c.q_weight[q.j + 1] else 0 end,
                 'turnSeq', case when q.answered then 2 * q.j + 3 end,
                 'quote', case when q.answered then q.quote end) order by q.j) as evidence,
               round(100.0 * sum(case when q.answered and q.verdict = 'qualifies' then c.q_weight[q.j + 1] else 0 end)
                 / sum(c.q_weight[q.j + 1]), 2) as score,
               count(*) filter (where q.answered) as answered
          from (
            select j, v.turn_count - 1 >= 2 * j + 3 as answered, ${sql.raw(verdict("j"))} as verdict,
                   ${sql.raw(answer("j"))} as quote
              from generate_series(0, c.nq - 1) as j
          ) q
      ) e
     where v.workspace_id = ${o.workspaceId}::uuid and v.started_at >= ${from} and v.started_at < ${to}
       and v.status = 'ended' and v.turn_count >= 3`.execute(db);
}

/** Month starts (UTC) from the month of `from` up to the one holding `to`. */
function months(from: Date, to: Date): Date[] {
  const out: Date[] = [];
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (d <= to) {
    out.push(new Date(d));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

/** The lead statuses the leads table's check accepts (won and lost arrive with a migration). */
export async function acceptedLeadStatuses(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_constraintdef(oid) as def from pg_constraint
     where conrelid = 'public.leads'::regclass and contype = 'c'`.execute(db);
  const all = ["new", "contacted", "qualified", "won", "lost"];
  const statusCheck = rows.map((r) => r.def).find((d) => d.includes("status"));
  return statusCheck ? all.filter((s) => statusCheck.includes(`'${s}'`)) : all;
}

/**
 * Seeds one workspace. `db` must be a single connection (the generator keeps its campaign
 * table in pg_temp): pass `db.connection()`'s, or a PGlite Kysely (one connection anyway).
 */
export async function seedWorkspace(db: Kysely<DB>, o: SeedOptions): Promise<SeedResult> {
  const log = o.log ?? (() => {});
  const days = o.days ?? 182;
  const oldest = new Date(o.now.getTime() - (days + 3) * 86_400_000);
  // Month partitions back to the oldest call (the default partition would take them otherwise).
  const monthsBack = Math.ceil(days / 28) + 1;
  // Compiling these long expressions would take Postgres's JIT far longer than running them.
  await sql`set jit = off`.execute(db);
  await sql`select public.create_monthly_partitions(3, ${monthsBack}::int)`.execute(db);
  const campaigns = await createCampaigns(db, o, days);
  const statuses = o.leadStatuses ?? (await acceptedLeadStatuses(db));
  await insertConversations(db, o);
  log(`${o.conversations} conversations`);
  // Statistics before each join over fresh rows: without them the planner expects one row
  // and re-runs the inner side per call (quadratic).
  await sql`analyze public.conversations`.execute(db);
  const spans = months(oldest, o.now).map((start) => {
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 1);
    return [start, end] as const;
  });
  for (const [start, end] of spans) {
    await insertTurns(db, o.workspaceId, start, end);
    log(`turns of ${start.toISOString().slice(0, 7)}`);
  }
  await sql`analyze public.turns`.execute(db);
  for (const [start, end] of spans) {
    await sumCalls(db, o.workspaceId, start, end);
    await insertLeads(db, o, start, end, statuses);
  }
  log("costs, durations and leads");
  await sql`analyze public.conversations`.execute(db);
  await sql`analyze public.leads`.execute(db);
  const { rows } = await sql<{ conversations: string; turns: string; leads: string }>`
    select (select count(*) from public.conversations where workspace_id = ${o.workspaceId}::uuid
              and campaign_id = any(${campaigns.map((c) => c.id)}::uuid[])) as conversations,
           (select count(*) from public.turns t where t.workspace_id = ${o.workspaceId}::uuid
              and t.conversation_started_at >= ${oldest}) as turns,
           (select count(*) from public.leads where workspace_id = ${o.workspaceId}::uuid
              and campaign_id = any(${campaigns.map((c) => c.id)}::uuid[])) as leads`.execute(db);
  const r = rows[0]!;
  return {
    campaigns,
    conversations: Number(r.conversations),
    turns: Number(r.turns),
    leads: Number(r.leads),
  };
}
