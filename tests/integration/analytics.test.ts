// The analytics numbers against the same figures computed here, in JS, from the seeded rows
// (read with the service role), on each database; and isolation: another workspace's calls,
// a workspace the user also belongs to, and preview calls are never counted.
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import {
  type Analytics,
  type AnalyticsFilter,
  readAnalytics,
  refreshAnalyticsRollups,
} from "@/lib/db/queries/analytics";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { seedWorkspace } from "@/lib/seed/generate";
import { analyticsRange } from "@/lib/validations/analytics";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

const NOW = new Date("2026-11-20T15:00:00Z");
/** README "Analytics": the end reasons of a completed call. */
const COMPLETED_END_REASONS = ["completed", "caller_declined", "caller_hung_up"];

async function seed(db: Kysely<DB>, workspaceId: string, createdBy: string, seedNo: number) {
  return db
    .connection()
    .execute((conn) =>
      seedWorkspace(conn, { workspaceId, createdBy, conversations: 300, seed: seedNo, now: NOW }),
    );
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

/** The figures computed from the rows themselves. */
async function expected(db: Kysely<DB>, f: AnalyticsFilter) {
  return withServiceRole(
    "tests read the seeded rows",
    async (trx) => {
      const calls = (
        await trx
          .selectFrom("conversations as v")
          .innerJoin("campaigns as c", (j) =>
            j.onRef("c.workspace_id", "=", "v.workspace_id").onRef("c.id", "=", "v.campaign_id"),
          )
          .leftJoin("leads as l", (j) =>
            j
              .onRef("l.conversation_id", "=", "v.id")
              .onRef("l.conversation_started_at", "=", "v.started_at"),
          )
          .select([
            "v.id",
            "v.campaign_id",
            "v.status",
            "v.end_reason",
            "v.is_test",
            "v.started_at",
            "v.total_cost_usd",
            "v.duration_seconds",
            "c.flow_config",
            "l.qualification_score",
            "l.id as lead_id",
          ])
          .where("v.workspace_id", "=", f.workspaceId)
          .execute()
      ).filter(
        (r) =>
          !r.is_test &&
          r.started_at >= f.start &&
          r.started_at < f.end &&
          (!f.campaignId || r.campaign_id === f.campaignId),
      );
      const ids = new Set(calls.map((c) => c.id));
      const turns = (
        await trx
          .selectFrom("turns")
          .select(["conversation_id", "first_audio_ms", "role"])
          .where("workspace_id", "=", f.workspaceId)
          .execute()
      ).filter(
        (t) => ids.has(t.conversation_id) && t.role === "agent" && t.first_audio_ms !== null,
      );
      const done = calls.filter(
        (c) => c.status === "ended" && COMPLETED_END_REASONS.includes(c.end_reason ?? ""),
      ).length;
      const failed = calls.filter(
        (c) => c.status === "failed" || c.end_reason?.startsWith("phone_"),
      ).length;
      const cost = calls.reduce((s, c) => s + Number(c.total_cost_usd), 0);
      const minutes = calls.reduce((s, c) => s + (c.duration_seconds ?? 0), 0) / 60;
      const threshold = (flow: unknown) =>
        (flow as { qualifyThreshold?: number }).qualifyThreshold ?? 60;
      const qualified = calls.filter(
        (c) =>
          c.qualification_score !== null &&
          Number(c.qualification_score) >= threshold(c.flow_config),
      ).length;
      const audio = turns.map((t) => t.first_audio_ms!);
      const buckets = Array.from({ length: 10 }, () => 0);
      for (const c of calls) {
        if (c.qualification_score === null) continue;
        buckets[Math.min(Math.floor(Number(c.qualification_score) / 10), 9)]! += 1;
      }
      return {
        calls: calls.length,
        completed: done,
        failed,
        completionRate: done / calls.length,
        costPerCall: cost / calls.length,
        costPerMinute: cost / minutes,
        leads: calls.filter((c) => c.lead_id !== null).length,
        qualifiedLeads: qualified,
        qualifiedShare: qualified / calls.length,
        replies: audio.length,
        firstAudioAvgMs: audio.reduce((s, n) => s + n, 0) / audio.length,
        firstAudioP95Ms: percentile(audio, 0.95),
        buckets,
      };
    },
    db,
  );
}

function expectMatches(a: Analytics["overall"], e: Awaited<ReturnType<typeof expected>>) {
  expect(a.calls).toBe(e.calls);
  expect(a.completed).toBe(e.completed);
  expect(a.failed).toBe(e.failed);
  expect(a.completionRate).toBeCloseTo(e.completionRate, 10);
  expect(a.costPerCall).toBeCloseTo(e.costPerCall, 10);
  expect(a.costPerMinute).toBeCloseTo(e.costPerMinute, 10);
  expect(a.leads).toBe(e.leads);
  expect(a.qualifiedLeads).toBe(e.qualifiedLeads);
  expect(a.qualifiedShare).toBeCloseTo(e.qualifiedShare, 10);
  expect(a.replies).toBe(e.replies);
  expect(a.firstAudioAvgMs).toBeCloseTo(e.firstAudioAvgMs, 6);
  expect(a.firstAudioP95Ms).toBeCloseTo(e.firstAudioP95Ms!, 6);
}

describeEachDatabase("analytics", ({ db }) => {
  let owner: TestUser;
  let other: TestUser;
  let teamId: string;
  let campaigns: { id: string; name: string }[];
  const range = analyticsRange({ from: "2026-08-23", to: "2026-11-20" }, NOW);
  const filter = (extra: Partial<AnalyticsFilter> = {}): AnalyticsFilter => ({
    workspaceId: owner.id,
    start: range.start,
    end: range.end,
    ...extra,
  });

  beforeAll(async () => {
    owner = await createUser(db());
    other = await createUser(db());
    teamId = await createTeamWorkspace(db(), other, "Other team");
    await addMember(db(), teamId, owner, "viewer");
    campaigns = (await seed(db(), owner.id, owner.id, 7)).campaigns;
    await seed(db(), other.id, other.id, 8);
    await seed(db(), teamId, other.id, 9);
    // A preview call inside the range: never counted.
    await createConversation(db(), owner, campaigns[0]!.id, new Date("2026-11-02T10:00:00Z"));
    await withServiceRole(
      "tests mark a preview call",
      (trx) =>
        sql`update public.conversations set is_test = true, status = 'ended', end_reason = 'completed',
              total_cost_usd = 5, duration_seconds = 60
            where workspace_id = ${owner.id} and started_at = '2026-11-02T10:00:00Z'`.execute(trx),
      db(),
    );
  });

  it("equals the figures computed from the rows, overall and per campaign", {
    timeout: 120_000,
  }, async () => {
    const a = await readAnalytics(owner.claims, filter());
    const e = await expected(db(), filter());
    expect(e.calls).toBeGreaterThan(50);
    expectMatches(a.overall, e);
    expect(a.scores.map((s) => s.leads)).toEqual(e.buckets);
    expect(a.days).toHaveLength(90);
    expect(a.days.reduce((s, d) => s + d.calls, 0)).toBe(e.calls);
    expect(a.campaigns.reduce((s, c) => s + c.calls, 0)).toBe(e.calls);
    for (const c of a.campaigns) {
      const one = await expected(db(), filter({ campaignId: c.campaignId }));
      expectMatches(c, one);
    }
  });

  it("filters by campaign", async () => {
    const campaignId = campaigns[0]!.id;
    const a = await readAnalytics(owner.claims, filter({ campaignId }));
    expectMatches(a.overall, await expected(db(), filter({ campaignId })));
    expect(a.campaigns.map((c) => c.campaignId)).toEqual([campaignId]);
  });

  it("never counts another workspace's calls", async () => {
    // The team workspace the owner also belongs to is not the one asked for.
    const mine = await readAnalytics(owner.claims, filter());
    const team = await expected(db(), filter({ workspaceId: teamId }));
    expect(mine.overall.calls).toBe((await expected(db(), filter())).calls);
    // Someone else's workspace: RLS shows nothing, whatever the filter says.
    const theirs = await readAnalytics(owner.claims, filter({ workspaceId: other.id }));
    expect(theirs.overall.calls).toBe(0);
    expect(theirs.campaigns).toEqual([]);
    expect(theirs.scores.every((s) => s.leads === 0)).toBe(true);
    // ...while the team's own figures are there for a member.
    const asMember = await readAnalytics(owner.claims, filter({ workspaceId: teamId }));
    expect(asMember.overall.calls).toBe(team.calls);
  });

  it("prunes partitions to the range's months", async () => {
    const { rows } = await withServiceRole(
      "tests explain the analytics query",
      (trx) =>
        sql<{ "QUERY PLAN": string }>`explain select count(*) from public.conversations v
          where v.workspace_id = ${owner.id}::uuid
            and v.started_at >= ${new Date("2026-10-05T00:00:00Z")}
            and v.started_at < ${new Date("2026-11-04T00:00:00Z")}`.execute(trx),
      db(),
    );
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toContain("conversations_2026_10");
    expect(plan).toContain("conversations_2026_11");
    expect(plan).not.toContain("conversations_2026_09");
    expect(plan).not.toContain("conversations_default");
  });
});

// The page reads a daily rollup (migration 20261203100000). It must never be stale, never
// guess the percentile, and never show one workspace's rollup to another.
describeEachDatabase("analytics rollup", ({ db }) => {
  let owner: TestUser;
  let stranger: TestUser;
  let campaignId: string;
  const range = analyticsRange({ from: "2026-10-01", to: "2026-11-20" }, NOW);
  const filter = (): AnalyticsFilter => ({
    workspaceId: owner.id,
    start: range.start,
    end: range.end,
  });
  // The reference figures count every call as finished.
  const ended = { status: "ended", end_reason: "caller_hung_up" } as const;
  const dirtyDays = async () => {
    const { rows } = await withServiceRole(
      "tests read the rollup log",
      (trx) =>
        sql<{ n: number }>`select count(*)::int as n from public.analytics_dirty
          where workspace_id = ${owner.id}`.execute(trx),
      db(),
    );
    return rows[0]!.n;
  };

  beforeAll(async () => {
    owner = await createUser(db());
    stranger = await createUser(db());
    campaignId = (await seed(db(), owner.id, owner.id, 11)).campaigns[0]!.id;
  });

  it("shows a new call, its turns and lead, a changed call and a deleted call at once", {
    timeout: 60_000,
  }, async () => {
    await readAnalytics(owner.claims, filter());
    const call = await createConversation(
      db(),
      owner,
      campaignId,
      new Date("2026-11-10T12:00:00Z"),
      {
        status: "ended",
        end_reason: "completed",
        total_cost_usd: "0.5",
        duration_seconds: 90,
      },
    );
    await createTurn(db(), call, 2, { role: "agent", text: "Great.", first_audio_ms: 777 });
    await createLead(db(), call, { qualification_score: "95" });
    await withServiceRole(
      "tests change and delete calls",
      async (trx) => {
        await sql`update public.conversations set status = 'failed', end_reason = 'error'
          where id = (select id from public.conversations where workspace_id = ${owner.id}
            and started_at >= '2026-10-05' and status = 'ended' order by started_at limit 1)`.execute(
          trx,
        );
        await sql`delete from public.conversations
          where id = (select id from public.conversations where workspace_id = ${owner.id}
            and started_at >= '2026-10-20' order by started_at limit 1)`.execute(trx);
      },
      db(),
    );
    expect(await dirtyDays()).toBeGreaterThan(0);
    const a = await readAnalytics(owner.claims, filter());
    expectMatches(a.overall, await expected(db(), filter()));
  });

  it("computes the percentile from the turns when the kept values do not cover it", {
    timeout: 60_000,
  }, async () => {
    // An outage day: 40 slow replies, of which the day keeps its top 20; all 40 are in the
    // range's top 5 %, so the rollup alone cannot give the 95th percentile.
    const call = await createConversation(
      db(),
      owner,
      campaignId,
      new Date("2026-11-15T09:00:00Z"),
      {
        status: "ended",
        end_reason: "completed",
      },
    );
    for (let i = 0; i < 40; i++)
      await createTurn(db(), call, 2 + i * 2, {
        role: "agent",
        text: "Sorry.",
        first_audio_ms: 9000 + i,
      });
    const a = await readAnalytics(owner.claims, filter());
    const e = await expected(db(), filter());
    expectMatches(a.overall, e);
    expect(a.overall.firstAudioP95Ms).toBeGreaterThan(1000);
    const { rows } = await withServiceRole(
      "tests read the rollup",
      (trx) =>
        sql<{ replies: number; kept: number }>`select replies, cardinality(first_audio_top) as kept
          from public.analytics_daily where workspace_id = ${owner.id} and day = '2026-11-15'`.execute(
          trx,
        ),
      db(),
    );
    const day = rows.reduce((s, r) => ({ replies: s.replies + r.replies, kept: s.kept + r.kept }), {
      replies: 0,
      kept: 0,
    });
    expect(day.replies).toBeGreaterThanOrEqual(40);
    expect(day.kept).toBeLessThan(day.replies);
  });

  it("keeps the rollup to the workspace's members", async () => {
    await createConversation(db(), owner, campaignId, new Date("2026-11-18T10:00:00Z"), ended);
    expect(await dirtyDays()).toBeGreaterThan(0);
    const theirs = await withUser(
      stranger.claims,
      async (trx) => ({
        refreshed: (
          await sql<{ n: number }>`select public.refresh_workspace_analytics(${owner.id}::uuid,
            '2026-01-01', '2026-12-31') as n`.execute(trx)
        ).rows[0]!.n,
        rows: (
          await sql`select * from public.analytics_daily where workspace_id = ${owner.id}`.execute(
            trx,
          )
        ).rows.length,
        log: await sql`select * from public.analytics_dirty`.execute(trx).then(
          () => "read",
          () => "refused",
        ),
      }),
      db(),
    );
    expect(theirs).toEqual({ refreshed: 0, rows: 0, log: "refused" });
    // Nor can a member make one request recompute the whole history.
    for (const [lo, hi] of [
      [null, null],
      ["2025-01-01", "2026-12-31"],
    ])
      await expect(
        withUser(
          owner.claims,
          (trx) =>
            sql`select public.refresh_workspace_analytics(${owner.id}::uuid, ${lo}::date,
              ${hi}::date)`.execute(trx),
          db(),
        ),
      ).rejects.toMatchObject({ code: "22023" });
    expect(await dirtyDays()).toBeGreaterThan(0);
    const mine = await withUser(
      owner.claims,
      async (trx) =>
        (
          await sql`select * from public.analytics_daily where workspace_id = ${owner.id}`.execute(
            trx,
          )
        ).rows.length,
      db(),
    );
    expect(mine).toBeGreaterThan(0);
  });

  it("moves a call that changes day out of the old day and into the new one", async () => {
    const callsOn = async (day: string) =>
      (await readAnalytics(owner.claims, filter())).days.find((d) => d.day === day)!.calls;
    const call = await createConversation(
      db(),
      owner,
      campaignId,
      new Date("2026-11-11T10:00:00Z"),
      ended,
    );
    const [before11, before16] = [await callsOn("2026-11-11"), await callsOn("2026-11-16")];
    await withServiceRole(
      "tests move a call to another day",
      (trx) =>
        sql`update public.conversations set started_at = '2026-11-16T10:00:00Z'
          where id = ${call.id}`.execute(trx),
      db(),
    );
    expect([await callsOn("2026-11-11"), await callsOn("2026-11-16")]).toEqual([
      before11 - 1,
      before16 + 1,
    ]);
    expectMatches(
      (await readAnalytics(owner.claims, filter())).overall,
      await expected(db(), filter()),
    );
  });

  it("drops a deleted campaign's days", async () => {
    const gone = await createCampaignFor(owner, { name: "Short-lived" });
    await createConversation(db(), owner, gone.id, new Date("2026-11-12T10:00:00Z"), ended);
    const rowsOf = async () =>
      (
        await withServiceRole(
          "tests read the rollup",
          (trx) =>
            sql`select 1 from public.analytics_daily where campaign_id = ${gone.id}`.execute(trx),
          db(),
        )
      ).rows.length;
    expect((await readAnalytics(owner.claims, filter())).campaigns.map((c) => c.name)).toContain(
      "Short-lived",
    );
    expect(await rowsOf()).toBe(1);
    await withServiceRole(
      "tests delete a campaign",
      (trx) => sql`delete from public.campaigns where id = ${gone.id}`.execute(trx),
      db(),
    );
    await refreshAnalyticsRollups({ db: db() });
    expect(await rowsOf()).toBe(0);
    expectMatches(
      (await readAnalytics(owner.claims, filter())).overall,
      await expected(db(), filter()),
    );
  });

  it("is brought up to date by the jobs drain's refresh", async () => {
    await createConversation(db(), owner, campaignId, new Date("2026-11-19T10:00:00Z"), ended);
    expect(await dirtyDays()).toBeGreaterThan(0);
    expect(await refreshAnalyticsRollups({ db: db() })).toBeGreaterThan(0);
    expect(await dirtyDays()).toBe(0);
    const a = await readAnalytics(owner.claims, filter());
    expectMatches(a.overall, await expected(db(), filter()));
  });
});
