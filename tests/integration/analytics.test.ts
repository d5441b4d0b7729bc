// The analytics numbers against the same figures computed here, in JS, from the seeded rows
// (read with the service role), on each database; and isolation: another workspace's calls,
// a workspace the user also belongs to, and preview calls are never counted.
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import {
  type Analytics,
  type AnalyticsFilter,
  COMPLETED_END_REASONS,
  readAnalytics,
} from "@/lib/db/queries/analytics";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { seedWorkspace } from "@/lib/seed/generate";
import { analyticsRange } from "@/lib/validations/analytics";
import { describeEachDatabase } from "../helpers/db";
import { createConversation, createUser, type TestUser } from "../helpers/factories";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

const NOW = new Date("2026-11-20T15:00:00Z");

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
        (c) =>
          c.status === "ended" &&
          (COMPLETED_END_REASONS as readonly string[]).includes(c.end_reason ?? ""),
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
