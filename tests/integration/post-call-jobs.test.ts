// Post-call analysis as a durable job, on each database: run exactly once when ends race,
// retried with backoff, taken over when its runner dies, drained by the cron route, and
// closed to client roles.
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import * as drainRoute from "@/app/api/jobs/drain/route";
import type { CallKey } from "@/lib/db/queries/calls";
import { claimJob, enqueueJob, getJob } from "@/lib/db/queries/jobs";
import { withServiceRole } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { analyzeCallJob, LeaseLostError } from "@/lib/jobs/analyze-call";
import { settleBackground } from "@/lib/jobs/background";
import { backoffMs, drainJobs } from "@/lib/jobs/runner";
import { startJobTimer, stopJobTimer } from "@/lib/jobs/timer";
import { verifyCallToken } from "@/lib/voice/call-token";
import { endCall as endCallFn } from "@/lib/voice/calls";
import { getProviders } from "@/lib/voice/providers";
import { createActiveCampaign, ownerView, postEnd, postStart } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import type { createCampaignFor, TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { failEvery, resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { startOpenAiStandIn } from "../stand-ins/openai";

const OPENAI = { stt: "none", llm: "openai", tts: "openai" } as const;
const CRON_SECRET = "cron-secret-for-the-lifecycle-tests";

type Started = { conversationId: string; callToken: string };
const ENDED = (s: Started) => ({ conversationId: s.conversationId, status: "ended" });

/** The ways a call ends; each answers the call's id and status. */
const ENDERS = {
  "the End button": async (s: Started) =>
    (await postEnd(s.conversationId, { token: s.callToken })).body,
  "the agent's end_call": async (s: Started) =>
    endCallFn(await verifyCallToken(s.callToken), "completed", getProviders()),
  "a closed tab": async (s: Started) =>
    (await postEnd(s.conversationId, { body: { callToken: s.callToken, reason: "tab_closed" } }))
      .body,
};
type Ender = keyof typeof ENDERS;

/** Each race: these enders at once, beside two job drains. */
const RACES: { title: string; enders: Ender[] }[] = [
  {
    title: "the End button, end_call and a closed tab race",
    enders: Object.keys(ENDERS) as Ender[],
  },
  ...(Object.keys(ENDERS) as Ender[]).map((ender) => ({
    title: `${ender} races the job drains`,
    enders: [ender],
  })),
];

describeEachDatabase("post-call jobs", ({ db }) => {
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let owner: TestUser;
  let campaign: Awaited<ReturnType<typeof createCampaignFor>>;

  const analysisRequests = () =>
    openai.requests.filter((r) => r.path === "/v1/chat/completions" && r.body.response_format)
      .length;
  const jobOf = (key: CallKey) =>
    withServiceRole("test reads jobs", (trx) => getJob(trx, "analyze_call", key), db());
  const leadsOf = (conversationId: string) =>
    db().selectFrom("leads").select("id").where("conversation_id", "=", conversationId).execute();
  /** Starts a call; returns it with its key (id + partition time). */
  const startCallWithKey = async () => {
    const s: Started = (await postStart({ campaignSlug: campaign.publicSlug })).body;
    const row = await db()
      .selectFrom("conversations")
      .select("started_at")
      .where("id", "=", s.conversationId)
      .executeTakeFirstOrThrow();
    return { ...s, key: { id: s.conversationId, startedAt: row.started_at } as CallKey };
  };
  /** Starts a call and ends it by hand with its job enqueued, as endCall does, but with no
   * runner taking the job. */
  const endedWithJob = async () => {
    const { key } = await startCallWithKey();
    await withServiceRole(
      "test",
      async (trx) => {
        await trx
          .updateTable("conversations")
          .set({ status: "ended" })
          .where("id", "=", key.id)
          .execute();
        await enqueueJob(trx, "analyze_call", owner.id, key);
      },
      db(),
    );
    return key;
  };

  beforeAll(async () => {
    openai = await startOpenAiStandIn({ reply: standInAgent });
    process.env.CRON_SECRET = CRON_SECRET;
    useProviders(OPENAI, { openai, deepgram: undefined as never });
    ({ owner, campaign } = await createActiveCampaign(db()));
    await settleBackground();
  });
  beforeEach(() => {
    openai.faults.clear();
  });
  afterAll(async () => {
    delete process.env.CRON_SECRET;
    resetToEmbedded();
    await openai?.close();
  });

  for (const { title, enders } of RACES)
    it(`runs the analysis exactly once when ${title}`, async () => {
      const s = await startCallWithKey();
      const before = analysisRequests();
      const answers = await Promise.all([
        ...enders.map((ender) => ENDERS[ender](s)),
        drainJobs(getProviders()),
        drainJobs(getProviders()),
      ]);
      for (const answer of answers.slice(0, enders.length)) expect(answer).toEqual(ENDED(s));
      await settleBackground();
      await drainJobs(getProviders());
      expect(analysisRequests() - before).toBe(1);
      expect(await jobOf(s.key)).toMatchObject({ status: "done", attempts: 1 });
      expect(await leadsOf(s.conversationId)).toHaveLength(1);
      const view = await ownerView(s.conversationId, owner.cookie);
      expect(view.conversation.summary).toMatch(/The caller gave/); // the model's analysis
    });

  it("retries a failed analysis with backoff, then falls back to the scripted one", async () => {
    failEvery(openai, "chat", "500");
    const s = await startCallWithKey();
    await postEnd(s.conversationId, { token: s.callToken });
    await settleBackground();
    let job = await jobOf(s.key);
    expect(job).toMatchObject({ status: "pending", attempts: 1 });
    expect(job!.last_error).toBeTruthy();
    const wait = (job!.run_after.getTime() - job!.updated_at.getTime()) / 1000;
    expect(wait).toBeCloseTo(backoffMs(1) / 1000, 0);
    // Not due yet: a drain leaves it alone.
    await drainJobs(getProviders());
    expect((await jobOf(s.key))!.attempts).toBe(1);
    for (let attempt = 2; attempt <= 3; attempt++) {
      await sql`update public.jobs set run_after = now() where id = ${job!.id}`.execute(db());
      await drainJobs(getProviders());
      job = await jobOf(s.key);
      expect(job!.attempts).toBe(attempt);
    }
    // The third model failure settles for the scripted analysis.
    expect(job).toMatchObject({ status: "done", attempts: 3 });
    const view = await ownerView(s.conversationId, owner.cookie);
    expect(view.lead).not.toBeNull();
    expect(view.conversation.summary).not.toMatch(/The caller gave/);
  });

  it("takes over a job whose runner died, and the dead runner writes nothing", async () => {
    const key = await endedWithJob();
    const dead = await withServiceRole("test", (trx) => claimJob(trx, 60_000, key), db());
    expect(dead).toMatchObject({ status: "running", attempts: 1 });
    await drainJobs(getProviders());
    expect((await jobOf(key))!.status).toBe("running"); // lease still held
    await sql`update public.jobs set locked_until = now() - interval '1 second' where id = ${dead!.id}`.execute(
      db(),
    );
    await drainJobs(getProviders());
    expect(await jobOf(key)).toMatchObject({ status: "done", attempts: 2 });
    await expect(analyzeCallJob(dead!, getProviders())).rejects.toBeInstanceOf(LeaseLostError);
    expect(await leadsOf(key.id)).toHaveLength(1);
  });

  it("drains a dead runner's job from the in-process timer on the embedded default", async () => {
    const key = await endedWithJob();
    const url = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL; // the timer only runs on the embedded default
    resetEnvCache();
    try {
      stopJobTimer(); // the call routes start the embedded default's 15 s timer
      startJobTimer(50);
      for (let i = 0; i < 100 && (await jobOf(key))?.status !== "done"; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      stopJobTimer();
      if (url) process.env.DATABASE_URL = url;
      resetEnvCache();
    }
    expect(await jobOf(key)).toMatchObject({ status: "done", attempts: 1 });
  });

  it("drains due jobs only for a caller holding CRON_SECRET", async () => {
    resetEnvCache();
    const drain = (authorization?: string, method = "GET") =>
      call(method === "GET" ? drainRoute.GET : drainRoute.POST, "/api/jobs/drain", {
        method,
        headers: authorization ? { authorization } : {},
      });
    expect((await drain()).status).toBe(401);
    expect((await drain("Bearer wrong-secret-of-some-length")).status).toBe(401);
    const ok = await drain(`Bearer ${CRON_SECRET}`);
    expect(ok.status).toBe(200);
    expect(ok.body.ran).toMatchObject({ done: expect.any(Number), retry: expect.any(Number) });
    expect((await drain(`Bearer ${CRON_SECRET}`, "POST")).status).toBe(200);
  });

  it("keeps the job tables closed to client roles", async () => {
    for (const role of ["anon", "authenticated"]) {
      for (const table of ["jobs", "greeting_audio"]) {
        await expect(
          db()
            .transaction()
            .execute(async (trx) => {
              await sql`select set_config('role', ${role}, true)`.execute(trx);
              await sql`select * from ${sql.table(`public.${table}`)}`.execute(trx);
            }),
        ).rejects.toThrow(/permission denied/);
      }
    }
  });
});
