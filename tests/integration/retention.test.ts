// The retention purge on each database: a campaign's conversations older than its
// retentionDays go with everything that hangs off them (turns, lead, post-call job,
// recordings rows and their stored audio), in batches; nothing inside the period, in a
// campaign without retention, or in another workspace is touched. The drain route (Vercel
// Cron) runs it too.
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as drainRoute from "@/app/api/jobs/drain/route";
import { refreshAnalyticsRollups } from "@/lib/db/queries/analytics";
import { withServiceRole } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { fileRecordingStore } from "@/lib/recordings/files";
import { saveRecordingSettings } from "@/lib/recordings/settings";
import { type RecordingStore, recordingPath, resetRecordingStore } from "@/lib/recordings/storage";
import { supabaseRecordingStore } from "@/lib/recordings/supabase";
import { purgeExpired } from "@/lib/retention/purge";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { call } from "../helpers/http";
import { startSupabaseStorage } from "../stand-ins/supabase-storage";

const DAY = 86_400_000;
const CRON_SECRET = "cron-secret-for-the-retention-tests";

let dataDir: string;
const savedDataDir = process.env.VOXLINE_DATA_DIR;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "voxline-retention-"));
  // The drain route's purge uses the configured store: files under this data directory.
  process.env.VOXLINE_DATA_DIR = dataDir;
  process.env.CRON_SECRET = CRON_SECRET;
  resetEnvCache();
  resetRecordingStore();
});
afterAll(async () => {
  delete process.env.CRON_SECRET;
  process.env.VOXLINE_DATA_DIR = savedDataDir;
  resetEnvCache();
  resetRecordingStore();
  await rm(dataDir, { recursive: true, force: true });
});

interface Seeded {
  id: string;
  label: string;
  files: string[];
}

describeEachDatabase("retention purge", ({ db }) => {
  const now = new Date();
  let ownerA: TestUser;
  let ownerB: TestUser;
  let a30: string; // 30 days
  let aKeep: string; // no retention
  let b60: string; // 60 days, another workspace
  const store = () => fileRecordingStore(dataDir);

  /** A conversation `age` ms old with two turns, a lead, a finished job and two recordings. */
  async function seed(
    owner: TestUser,
    campaignId: string,
    age: number,
    label: string,
    target: RecordingStore = store(),
  ) {
    const v = await createConversation(db(), owner, campaignId, new Date(now.getTime() - age));
    const files: string[] = [];
    await withServiceRole(
      "tests seed a call",
      async (trx) => {
        for (const [seq, role] of [
          [0, "agent"],
          [1, "caller"],
        ] as const) {
          await trx
            .insertInto("turns")
            .values({
              workspace_id: v.workspace_id,
              conversation_id: v.id,
              conversation_started_at: v.started_at,
              seq,
              role,
              text: `${label} ${role}`,
            })
            .execute();
          const key = recordingPath({
            workspaceId: v.workspace_id,
            conversationId: v.id,
            seq,
            role,
          });
          await target.put(key, randomBytes(64));
          files.push(key);
          await trx
            .insertInto("turn_recordings")
            .values({
              workspace_id: v.workspace_id,
              conversation_id: v.id,
              conversation_started_at: v.started_at,
              seq,
              role,
              path: key,
              bytes: 64,
              duration_ms: 2,
            })
            .execute();
        }
        await trx
          .insertInto("jobs")
          .values({
            kind: "analyze_call",
            workspace_id: v.workspace_id,
            conversation_id: v.id,
            conversation_started_at: v.started_at,
            status: "done",
            finished_at: now,
          })
          .execute();
      },
      db(),
    );
    await createLead(db(), v);
    return { id: v.id, label, files };
  }

  /** What is left of a conversation: its rows in each table, and its files. */
  async function leftOf(s: Seeded): Promise<Record<string, number>> {
    const { rows } = await withServiceRole(
      "tests count",
      (trx) =>
        sql<Record<string, string>>`select
          (select count(*) from conversations where id = ${s.id}) as conversations,
          (select count(*) from turns where conversation_id = ${s.id}) as turns,
          (select count(*) from leads where conversation_id = ${s.id}) as leads,
          (select count(*) from jobs where conversation_id = ${s.id}) as jobs,
          (select count(*) from turn_recordings where conversation_id = ${s.id}) as recordings`.execute(
          trx,
        ),
      db(),
    );
    let files = 0;
    for (const key of s.files) {
      if (
        await readFile(path.join(dataDir, "recordings", key)).then(
          () => true,
          () => false,
        )
      )
        files++;
    }
    return {
      ...Object.fromEntries(Object.entries(rows[0]!).map(([k, n]) => [k, Number(n)])),
      files,
    };
  }

  const whole = { conversations: 1, turns: 2, leads: 1, jobs: 1, recordings: 2, files: 2 };
  const gone = { conversations: 0, turns: 0, leads: 0, jobs: 0, recordings: 0, files: 0 };

  beforeAll(async () => {
    [ownerA, ownerB] = [await createUser(db()), await createUser(db())];
    a30 = (await createCampaignFor(ownerA)).id;
    aKeep = (await createCampaignFor(ownerA)).id;
    b60 = (await createCampaignFor(ownerB)).id;
    for (const [owner, campaignId, retentionDays] of [
      [ownerA, a30, 30],
      [ownerA, aKeep, null],
      [ownerB, b60, 60],
    ] as const) {
      await saveRecordingSettings(owner.claims, {
        campaignId,
        settings: { recordCalls: true, retentionDays },
      });
    }
  });

  it("deletes everything past retention and nothing else", async () => {
    const minute = 60_000;
    const expired = [
      await seed(ownerA, a30, 30 * DAY + minute, "a30 just past"),
      await seed(ownerA, a30, 45 * DAY, "a30 45 days"),
      await seed(ownerA, a30, 200 * DAY, "a30 200 days"),
      await seed(ownerB, b60, 61 * DAY, "b60 61 days"),
      await seed(ownerB, b60, 400 * DAY, "b60 400 days"),
    ];
    const kept = [
      // An hour inside, so it is still inside when the drain test runs later with the clock.
      await seed(ownerA, a30, 30 * DAY - 60 * minute, "a30 an hour inside"),
      await seed(ownerA, a30, DAY, "a30 yesterday"),
      await seed(ownerA, aKeep, 400 * DAY, "no retention, 400 days"),
      await seed(ownerB, b60, 45 * DAY, "b60 45 days (inside its 60)"),
    ];

    // Two conversations a batch: several transactions per campaign.
    const result = await purgeExpired({ now, batchSize: 2, store: store() });
    expect(result).toEqual({ conversations: 5, recordings: 10, complete: true });
    for (const s of expired) expect({ [s.label]: await leftOf(s) }).toEqual({ [s.label]: gone });
    for (const s of kept) expect({ [s.label]: await leftOf(s) }).toEqual({ [s.label]: whole });

    // Nothing is left to do.
    expect(await purgeExpired({ now, store: store() })).toEqual({
      conversations: 0,
      recordings: 0,
      complete: true,
    });
  });

  it("stops when its time is up and finishes on the next run", async () => {
    const batch = [
      await seed(ownerA, a30, 90 * DAY, "budget 1"),
      await seed(ownerA, a30, 91 * DAY, "budget 2"),
    ];
    const first = await purgeExpired({ now, batchSize: 1, budgetMs: -1, store: store() });
    expect(first).toEqual({ conversations: 0, recordings: 0, complete: false });
    expect(await purgeExpired({ now, batchSize: 1, store: store() })).toMatchObject({
      conversations: 2,
      complete: true,
    });
    for (const s of batch) expect(await leftOf(s)).toEqual(gone);
  });

  it("runs from the jobs drain (Vercel Cron), and the analytics rollup forgets the day", async () => {
    const old = await seed(ownerA, a30, 100 * DAY, "drained");
    const day = new Date(now.getTime() - 100 * DAY).toISOString().slice(0, 10);
    const rolledUp = () =>
      withServiceRole(
        "tests read the analytics rollup",
        async (trx) =>
          (
            await sql`select 1 from public.analytics_daily
              where campaign_id = ${a30} and day = ${day}::date`.execute(trx)
          ).rows.length,
        db(),
      );
    await refreshAnalyticsRollups({ db: db() });
    expect(await rolledUp()).toBe(1);
    const res = await call(drainRoute.GET, "/api/jobs/drain", {
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.purged).toMatchObject({ conversations: 1, complete: true });
    expect(res.body.rolledUp).toBeGreaterThan(0);
    expect(await leftOf(old)).toEqual(gone);
    expect(await rolledUp()).toBe(0);
  });

  it("deletes the audio from Supabase Storage when that is the backend", async () => {
    const KEY = "service-role-key-for-the-retention-tests";
    const storage = await startSupabaseStorage(KEY);
    try {
      const remote = supabaseRecordingStore({ url: storage.url, serviceRoleKey: KEY, bucket: "r" });
      const old = await seed(ownerB, b60, 70 * DAY, "remote old", remote);
      const recent = await seed(ownerB, b60, 10 * DAY, "remote recent", remote);
      const result = await purgeExpired({ now, store: remote });
      expect(result).toMatchObject({ conversations: 1, recordings: 2 });
      expect([...storage.objects("r").keys()].sort()).toEqual([...recent.files].sort());
      expect((await leftOf(old)).conversations).toBe(0);
      expect((await leftOf(recent)).conversations).toBe(1);
    } finally {
      await storage.close();
    }
  });
});
