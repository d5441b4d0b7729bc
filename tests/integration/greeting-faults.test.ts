// The greeting's TTS, tried with every fault a TTS provider can have (issue 8's list). The
// outcome is the same for each failing fault: the call start answers 201 at once with the
// greeting's text and no audio, nothing unplayable is cached (no HTML, no error document, no
// half a greeting, never an odd byte), and once TTS is back the next start that misses fills
// the cache after its response. A slow answer inside the bound, or audio split at odd byte
// offsets, is cached as whole 16-bit samples.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import * as startRoute from "@/app/api/calls/route";
import { setCampaignStatus, updateCampaign } from "@/lib/campaigns/commands";
import { withServiceRole } from "@/lib/db/scoped";
import { settleBackground } from "@/lib/jobs/background";
import { BOUNDS } from "@/lib/voice/engine/bounds";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput, createCampaignFor, createUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import type { Fault } from "../stand-ins/faults";
import { startOpenAiStandIn } from "../stand-ins/openai";

/** What the greeting's cache holds after the fault: audio (whole samples) or nothing. */
const CASES: { fault: Fault; cached: boolean }[] = [
  { fault: "500", cached: false },
  { fault: "429", cached: false },
  { fault: "hang", cached: false },
  { fault: "slow", cached: true },
  { fault: "malformed", cached: false },
  { fault: "reset", cached: false },
  { fault: "empty200", cached: false },
  { fault: "empty-result", cached: false },
  { fault: "stall", cached: false },
  { fault: "non-audio", cached: false },
  { fault: "odd-split", cached: true },
];

describeEachDatabase("greeting TTS faults", ({ db }) => {
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let owner: Awaited<ReturnType<typeof createUser>>;
  let campaign: Awaited<ReturnType<typeof createCampaignFor>>;
  const ttsMs = BOUNDS.ttsMs;

  const start = () =>
    call(startRoute.POST, "/api/calls", { body: { campaignSlug: campaign.publicSlug } });
  const cached = () =>
    withServiceRole(
      "test: the greeting cache",
      (trx) =>
        trx
          .selectFrom("greeting_audio")
          .select(["sample_rate", "audio"])
          .where("campaign_id", "=", campaign.id)
          .execute(),
      db(),
    );
  /** A new version of the greeting: its audio is synthesised ahead (after the update). */
  const newGreeting = (text: string) =>
    updateCampaign(owner.claims, {
      ...campaignInput(),
      id: campaign.id,
      flowConfig: { ...campaignInput().flowConfig, firstMessage: text },
    });

  beforeAll(async () => {
    openai = await startOpenAiStandIn({ reply: standInAgent });
    useProviders(
      { stt: "none", llm: "openai", tts: "openai" },
      { openai, deepgram: undefined as never },
    );
    owner = await createUser(db());
    campaign = await createCampaignFor(owner);
    await setCampaignStatus(owner.claims, { id: campaign.id, status: "active" });
    await settleBackground();
  });
  beforeEach(() => {
    openai.faults.clear();
    // Hangs and stalls end at the greeting's bound: short here, far above the "slow" answer.
    BOUNDS.ttsMs = 1_500;
  });
  afterAll(async () => {
    BOUNDS.ttsMs = ttsMs;
    resetToEmbedded();
    await openai?.close();
  });

  it.each(CASES)(
    "greeting TTS $fault → cached: $cached",
    async ({ fault, cached: expectCached }) => {
      const text = `Hello, this is the greeting tried with ${fault}.`;
      // Every synthesis of this version fails the same way until the faults are cleared.
      openai.arm("speech", fault, 1_000);
      await newGreeting(text);
      await settleBackground(); // the ahead-of-time synthesis has run into the fault

      // The start never waits for TTS: it answers with the text, and audio only from the cache.
      let filled = false;
      const res = await start();
      const settling = settleBackground().then(() => {
        filled = true;
      });
      expect(res.status).toBe(201);
      expect(res.body.firstMessage.text).toBe(text);
      if (fault === "hang") {
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(filled).toBe(false); // answered while its cache fill still waits on TTS
      }
      await settling;

      const rows = await cached();
      // Whatever the cache holds is playable: whole samples, never an error page or a fragment.
      for (const row of rows) {
        expect((row.audio as Buffer).length).toBeGreaterThan(1_000);
        expect((row.audio as Buffer).length % 2).toBe(0);
        expect(row.sample_rate).toBe(24_000);
      }
      if (expectCached) {
        expect(rows).toHaveLength(1); // this version, the older ones dropped
        expect(res.body.firstMessage.audio).toMatchObject({
          format: "pcm_s16le",
          sampleRate: 24_000,
        });
      } else {
        expect(res.body.firstMessage.audio).toBeNull();
      }

      // TTS is back: a start that misses fills the cache after its response; the next one hits.
      openai.faults.clear();
      const miss = await start();
      expect(miss.status).toBe(201);
      await settleBackground();
      const hit = await start();
      expect(hit.body.firstMessage.audio).toMatchObject({
        format: "pcm_s16le",
        sampleRate: 24_000,
      });
      const audio = Buffer.from(hit.body.firstMessage.audio.data, "base64");
      expect(audio.length).toBeGreaterThan(1_000);
      expect(audio.length % 2).toBe(0);
    },
  );
});
