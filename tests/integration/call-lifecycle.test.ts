import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { setCampaignStatus, updateCampaign } from "@/lib/campaigns/commands";
import { withServiceRole } from "@/lib/db/scoped";
import { settleBackground } from "@/lib/jobs/background";
import { BOUNDS } from "@/lib/voice/engine/bounds";
import { createActiveCampaign, ownerView, postEnd, postStart } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput, createCampaignFor, createUser, type TestUser } from "../helpers/factories";
import { failEvery, resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { startOpenAiStandIn } from "../stand-ins/openai";

const OPENAI = { stt: "none", llm: "openai", tts: "openai" } as const;

describeEachDatabase("call lifecycle", ({ db }) => {
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let owner: TestUser;
  let stranger: TestUser;
  let campaign: Awaited<ReturnType<typeof createCampaignFor>>;
  const ttsMs = BOUNDS.ttsMs;

  beforeAll(async () => {
    openai = await startOpenAiStandIn({ reply: standInAgent });
    useProviders(OPENAI, { openai, deepgram: undefined as never });
    ({ owner, campaign } = await createActiveCampaign(db()));
    stranger = await createUser(db());
    await settleBackground();
  });
  beforeEach(() => {
    openai.faults.clear();
    BOUNDS.ttsMs = ttsMs;
  });
  afterAll(async () => {
    BOUNDS.ttsMs = ttsMs;
    resetToEmbedded();
    await openai?.close();
  });

  it("answers a start from the greeting cache, with the campaign's call settings", async () => {
    const res = await postStart({ campaignSlug: campaign.publicSlug });
    expect(res.status).toBe(201);
    expect(res.body.firstMessage.audio).toMatchObject({ format: "pcm_s16le", sampleRate: 24_000 });
    expect(Buffer.from(res.body.firstMessage.audio.data, "base64").length).toBeGreaterThan(1000);
    expect(res.body.settings).toEqual({ turnTaking: "balanced", idleSeconds: 20 });
    const rows = await withServiceRole(
      "test",
      (trx) =>
        trx
          .selectFrom("greeting_audio")
          .select(["campaign_id", "cache_key"])
          .where("campaign_id", "=", campaign.id)
          .execute(),
      db(),
    );
    expect(rows).toHaveLength(1);
  });

  it("never waits for TTS: a hung or failing synthesis gives audio null, not a slow start", async () => {
    BOUNDS.ttsMs = 3_000;
    const edited = await updateCampaign(owner.claims, {
      ...campaignInput(),
      id: campaign.id,
      flowConfig: { ...campaignInput().flowConfig, firstMessage: "Hello from the new version!" },
    });
    expect(edited.flowConfig.firstMessage).toBe("Hello from the new version!");
    failEvery(openai, "speech", "hang");
    await settleBackground(); // the ahead-of-time synthesis hit its deadline
    for (const failure of ["slow", "500"] as const) {
      failEvery(openai, "speech", failure === "slow" ? "hang" : failure);
      const t0 = performance.now();
      const res = await postStart({ campaignSlug: campaign.publicSlug });
      const ms = performance.now() - t0;
      expect(res.status).toBe(201);
      expect(res.body.firstMessage).toEqual({ text: "Hello from the new version!", audio: null });
      if (failure === "slow") {
        // Answered while the cache fill's TTS request still hangs: the start did not wait.
        let filled = false;
        const settling = settleBackground().then(() => {
          filled = true;
        });
        expect(ms).toBeLessThan(BOUNDS.ttsMs);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(filled).toBe(false);
        await settling;
      }
      await settleBackground(); // the after-response fill failed, and nothing broke
    }
    openai.faults.clear();
    BOUNDS.ttsMs = ttsMs;
    const miss = await postStart({ campaignSlug: campaign.publicSlug });
    expect(miss.body.firstMessage.audio).toBeNull();
    await settleBackground(); // filled after that response
    const hit = await postStart({ campaignSlug: campaign.publicSlug });
    expect(hit.body.firstMessage.audio.sampleRate).toBe(24_000);
    // Only the current version is kept.
    const rows = await withServiceRole(
      "test",
      (trx) =>
        trx
          .selectFrom("greeting_audio")
          .select("cache_key")
          .where("campaign_id", "=", campaign.id)
          .execute(),
      db(),
    );
    expect(rows).toHaveLength(1);
  });

  it("starts a preview only for the signed-in owner, marked as a test call", async () => {
    const draft = await createCampaignFor(owner);
    const slug = draft.publicSlug;
    expect((await postStart({ campaignSlug: slug })).status).toBe(409); // not active: callers refused
    expect((await postStart({ campaignSlug: slug, preview: true })).status).toBe(401);
    expect(
      (await postStart({ campaignSlug: slug, preview: true }, { cookie: stranger.cookie })).status,
    ).toBe(404);
    const crossSite = await postStart(
      { campaignSlug: slug, preview: true },
      {
        cookie: owner.cookie,
        headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      },
    );
    expect(crossSite.status).toBe(403);
    const res = await postStart({ campaignSlug: slug, preview: true }, { cookie: owner.cookie });
    expect(res.status).toBe(201);
    const row = await db()
      .selectFrom("conversations")
      .select("is_test")
      .where("id", "=", res.body.conversationId)
      .executeTakeFirstOrThrow();
    expect(row.is_test).toBe(true);
    await setCampaignStatus(owner.claims, { id: draft.id, status: "archived" });
    expect(
      (await postStart({ campaignSlug: slug, preview: true }, { cookie: owner.cookie })).status,
    ).toBe(409);
    const plain = await postStart({ campaignSlug: campaign.publicSlug });
    const plainRow = await db()
      .selectFrom("conversations")
      .select("is_test")
      .where("id", "=", plain.body.conversationId)
      .executeTakeFirstOrThrow();
    expect(plainRow.is_test).toBe(false);
  });

  it("ends with the token in the header or a beacon body, answering only id and status", async () => {
    const a = (await postStart({ campaignSlug: campaign.publicSlug })).body;
    const b = (await postStart({ campaignSlug: campaign.publicSlug })).body;
    expect((await postEnd(a.conversationId, {})).status).toBe(401);
    expect((await postEnd(a.conversationId, { token: b.callToken })).status).toBe(401);
    expect((await postEnd(a.conversationId, { body: { callToken: "nope" } })).status).toBe(401);
    expect(
      (await postEnd(a.conversationId, { token: a.callToken, body: { reason: "hung_up_hard" } }))
        .status,
    ).toBe(400);
    const byHeader = await postEnd(a.conversationId, { token: a.callToken });
    expect(byHeader).toMatchObject({
      status: 200,
      body: { conversationId: a.conversationId, status: "ended" },
    });
    expect(Object.keys(byHeader.body).sort()).toEqual(["conversationId", "status"]);
    const byBeacon = await postEnd(b.conversationId, {
      body: { callToken: b.callToken, reason: "tab_closed" },
    });
    expect(byBeacon.body).toEqual({ conversationId: b.conversationId, status: "ended" });
    const row = await db()
      .selectFrom("conversations")
      .select(["status", "end_reason"])
      .where("id", "=", b.conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "ended", end_reason: "tab_closed" });
    await settleBackground();
    expect((await ownerView(a.conversationId, owner.cookie)).lead).not.toBeNull();
  });
});
