// npm run db:seed: the rows hang together as the engine and the analysis write them (turns
// per call, costs summed from turns, scores from evidence, quotes from caller turns), the
// same seed gives the same rows, and the script fills a user's workspace on embedded PGlite.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { expect, it } from "vitest";
import { z } from "zod";
import type { DB } from "@/lib/db/schema.gen";
import { acceptedLeadStatuses, seedWorkspace } from "@/lib/seed/generate";
import { describeEachDatabase } from "../helpers/db";
import { createUser } from "../helpers/factories";
import { runScript } from "../helpers/scripts";

const NOW = new Date("2026-11-20T15:00:00Z");

const seed = (db: Kysely<DB>, workspaceId: string, seedNo: number, conversations = 120) =>
  db.connection().execute((conn) =>
    seedWorkspace(conn, {
      workspaceId,
      createdBy: workspaceId,
      conversations,
      seed: seedNo,
      now: NOW,
    }),
  );

const fingerprint = async (db: Kysely<DB>, ws: string) => {
  const { rows } = await sql<{ f: string }>`
    select string_agg(v.id::text || v.started_at::text || v.turn_count || coalesce(l.qualification_score::text, '-')
             || v.total_cost_usd::text, ',' order by v.id) as f
      from public.conversations v
      left join public.leads l on l.conversation_id = v.id and l.conversation_started_at = v.started_at
     where v.workspace_id = ${ws}::uuid`.execute(db);
  return rows[0]!.f;
};

describeEachDatabase("db:seed", ({ db }) => {
  // Seeding takes seconds on PGlite, more on a busy machine.
  it("writes calls, turns and leads that agree with each other", { timeout: 180_000 }, async () => {
    const user = await createUser(db());
    const result = await seed(db(), user.id, 3);
    expect(result.campaigns).toHaveLength(4);
    expect(result.conversations).toBe(120);
    const ws = user.id;
    // Ids the app's routes and forms accept (version-4 UUIDs).
    const ids = await db()
      .selectFrom("conversations")
      .select("id")
      .where("workspace_id", "=", ws)
      .execute();
    for (const id of [...result.campaigns.map((c) => c.id), ...ids.map((r) => r.id)])
      expect(z.uuid().safeParse(id).success).toBe(true);

    const { rows: calls } = await sql<{ bad_turns: string; bad_costs: string; bad_times: string }>`
      select count(*) filter (where v.turn_count <> t.n) as bad_turns,
             count(*) filter (where v.total_cost_usd <> t.cost
               or v.stt_cost_usd + v.llm_cost_usd + v.tts_cost_usd <> v.total_cost_usd) as bad_costs,
             count(*) filter (where v.started_at >= ${NOW} or v.started_at < ${NOW}::timestamptz - interval '190 days'
               or v.ended_at <= v.started_at) as bad_times
        from public.conversations v
        join (select conversation_id, count(*) as n, sum(cost_usd) as cost from public.turns
               where workspace_id = ${ws}::uuid group by 1) t on t.conversation_id = v.id
       where v.workspace_id = ${ws}::uuid`.execute(db());
    expect(calls[0]).toEqual({ bad_turns: "0", bad_costs: "0", bad_times: "0" });

    // Agent replies carry the latency marks in order; the greeting has none.
    const { rows: marks } = await sql<{ bad: string; replies: string }>`
      select count(*) filter (where first_audio_ms < llm_first_token_ms + tts_first_byte_ms
               or total_ms < first_audio_ms) as bad,
             count(*) filter (where first_audio_ms is not null) as replies
        from public.turns where workspace_id = ${ws}::uuid and role = 'agent' and seq > 0`.execute(
      db(),
    );
    expect(marks[0]!.bad).toBe("0");
    expect(Number(marks[0]!.replies)).toBeGreaterThan(300);

    // Each lead's score is the weighted share of qualifying answers, each quote a caller line.
    const leads = await db()
      .selectFrom("leads")
      .select(["conversation_id", "qualification_score", "evidence", "status", "urgency_level"])
      .where("workspace_id", "=", ws)
      .execute();
    expect(leads.length).toBeGreaterThan(60);
    const statuses = await acceptedLeadStatuses(db());
    const turns = await db()
      .selectFrom("turns")
      .select(["conversation_id", "seq", "role", "text"])
      .where("workspace_id", "=", ws)
      .execute();
    const line = new Map(turns.map((t) => [`${t.conversation_id}:${t.seq}`, t]));
    for (const lead of leads) {
      const evidence = lead.evidence as {
        weight: number;
        points: number;
        answered: boolean;
        turnSeq: number | null;
        quote: string | null;
      }[];
      const total = evidence.reduce((s, e) => s + e.weight, 0);
      const got = evidence.reduce((s, e) => s + e.points, 0);
      expect(Number(lead.qualification_score)).toBeCloseTo((got / total) * 100, 2);
      for (const e of evidence.filter((x) => x.answered)) {
        const turn = line.get(`${lead.conversation_id}:${e.turnSeq}`);
        expect(turn?.role).toBe("caller");
        expect(turn?.text).toBe(e.quote);
      }
      expect(statuses).toContain(lead.status);
    }
    expect(new Set(leads.map((l) => l.status)).size).toBeGreaterThanOrEqual(3);
  });

  it("gives the same rows for the same seed, and others for another", {
    timeout: 180_000,
  }, async () => {
    const [a, b] = [await createUser(db()), await createUser(db())];
    await seed(db(), a.id, 11, 60);
    const first = await fingerprint(db(), a.id);
    await seed(db(), a.id, 11, 60); // a re-run replaces the demo data
    expect(await fingerprint(db(), a.id)).toBe(first);
    await seed(db(), b.id, 12, 60);
    const other = await fingerprint(db(), b.id);
    expect(other).not.toBe(first);
  });
});

it("npm run db:seed fills a new user's workspace on the embedded database", {
  timeout: 240_000,
}, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "voxline-seed-"));
  try {
    const args = ["--email", "Seed@Example.com", "--password", "a long enough password"];
    const run = await runScript("seed", [...args, "--conversations", "80"], {
      VOXLINE_DATA_DIR: dir,
      AUTH_SECRET: "test-secret-that-is-at-least-32-characters-long",
    });
    expect(run.output).toMatch(/Seeding seed@example\.com's personal workspace \(pglite /);
    expect(run.output).toMatch(/4 campaigns, 80 conversations, \d+ turns, \d+ leads/);
    expect(run.code).toBe(0);
    const missing = await runScript("seed", ["--email", "nobody@example.com"], {
      VOXLINE_DATA_DIR: dir,
    });
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("No user with the email nobody@example.com");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
