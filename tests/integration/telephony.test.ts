// Phone calls through Twilio's webhooks, on each database: the Twilio stand-in places a call
// by posting signed form bodies to the app's URLs, reads the TwiML as XML, fetches <Play>
// audio, and sends status callbacks. The agent is the scripted one; its voice is the OpenAI
// stand-in's TTS, priced per character, so every agent turn has a cost to add up. The
// logger's output over the whole call is captured: the caller's number appears only masked.
import pino from "pino";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { settleBackground } from "@/lib/jobs/background";
import { logger } from "@/lib/observability/logger";
import { parseWav, rmsLevel } from "@/lib/voice/audio";
import { priceTts, round6 } from "@/lib/voice/pricing";
import { describeEachDatabase } from "../helpers/db";
import { createUser, type TestUser } from "../helpers/factories";
import { resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { phoneCampaign, startTelephonyRig, type TelephonyRig } from "../helpers/telephony";
import { startOpenAiStandIn } from "../stand-ins/openai";
import { flatVerbs, type TwimlAnswer } from "../stand-ins/twilio";

// Each step synthesises speech; on a loaded machine a whole call takes a while.
vi.setConfig({ testTimeout: 120_000 });

const names = (a: TwimlAnswer) => a.verbs.map((v) => v.name);
const gatherOf = (a: TwimlAnswer) => a.verbs.find((v) => v.name === "Gather");
const playUrls = (a: TwimlAnswer) =>
  flatVerbs(a.verbs)
    .filter((v) => v.name === "Play")
    .map((v) => v.text.trim());

/** Every line the app's logger writes while `fn` runs (at info level, whatever LOG_LEVEL is). */
async function captureLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const stream = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[
    pino.symbols.streamSym
  ]!;
  const lines: string[] = [];
  const write = vi.spyOn(stream, "write").mockImplementation((line: string) => {
    lines.push(line);
    return true;
  });
  const level = logger.level;
  logger.level = "info";
  try {
    return { result: await fn(), lines };
  } finally {
    logger.level = level;
    write.mockRestore();
  }
}

describeEachDatabase("telephony: a phone call on the agent", ({ db }) => {
  let rig: TelephonyRig;
  let owner: TestUser;
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;

  const conversationOf = (callSid: string) =>
    db().selectFrom("conversations").selectAll().where("call_sid", "=", callSid).executeTakeFirst();

  beforeAll(async () => {
    // 900 ms of tone per sentence: every reply's WAV is longer than the 500 ms checked below.
    openai = await startOpenAiStandIn({
      reply: standInAgent,
      speech: { firstByteMs: 0, chunkAudioMs: 100, chunkEveryMs: 0, totalAudioMs: 900 },
    });
    useProviders(
      { stt: "none", llm: "scripted", tts: "openai" },
      { openai, deepgram: undefined as never },
    );
    rig = await startTelephonyRig();
    owner = await createUser(db());
  });
  afterAll(async () => {
    resetToEmbedded();
    await rig?.stop();
    await openai?.close();
  });

  it("answers with consent, runs three spoken turns, hangs up on end_call, and stores the call and its lead once", async () => {
    const { campaign, number } = await phoneCampaign(owner, {
      consentMessage: "This call is recorded for quality.",
    });
    const call = rig.twilio.call("+14155550142", number);
    const { lines } = await captureLogs(() => placeCall(call, campaign.id));
    // The caller's number is in the database (the workspace's to see), never in a log line.
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes("4155550142"))).toEqual([]);
    expect(lines.some((l) => l.includes('"from":"+1********42"'))).toBe(true);
  }, 120_000);

  async function placeCall(call: ReturnType<TelephonyRig["twilio"]["call"]>, campaignId: string) {
    const opening = await call.incoming();
    expect(opening.status).toBe(200);
    expect(names(opening)).toEqual(["Say", "Gather"]);
    expect(opening.verbs[0]!.text).toBe("This call is recorded for quality.");
    const g0 = gatherOf(opening)!;
    expect(g0.attrs).toMatchObject({ input: "speech", language: "en-US", method: "POST" });

    const turn1 = await call.gather(opening, { speech: "I need a new kitchen" });
    expect(turn1.status).toBe(200);
    const [url1] = playUrls(turn1);
    expect(url1).toMatch(new RegExp(`^${rig.server.url}/api/telephony/audio/`));
    const media = await rig.twilio.fetchMedia(url1!);
    expect(media.status).toBe(200);
    expect(media.type).toBe("audio/wav");
    const wav = parseWav(media.bytes);
    expect(wav.channels).toBe(1);
    expect(wav.durationMs).toBeGreaterThan(500);
    expect(rmsLevel(wav.data)).toBeGreaterThan(0);
    const stored = await db()
      .selectFrom("phone_audio")
      .select(["duration_ms"])
      .where("call_sid", "=", call.sid)
      .where("step", "=", 1)
      .executeTakeFirstOrThrow();
    expect(Math.abs(stored.duration_ms - wav.durationMs)).toBeLessThanOrEqual(1);

    const turn2 = await call.gather(turn1, { speech: "Within two months" });
    expect(gatherOf(turn2)).toBeDefined();
    const turn3 = await call.gather(turn2, {
      speech: "My name is Dana and my email is dana at example dot com",
    });
    // end_call: the goodbye plays, then the call hangs up; no further Gather.
    expect(names(turn3)).toEqual(["Play", "Hangup"]);

    const done = await call.status("completed", 47);
    expect(done.status).toBe(200);
    await settleBackground();
    const again = await call.status("completed", 47); // Twilio retries the callback
    expect(again.status).toBe(200);
    await settleBackground();

    const conversation = (await conversationOf(call.sid))!;
    expect(conversation).toMatchObject({
      channel: "phone",
      status: "ended",
      phone_status: "completed",
      duration_seconds: 47,
      caller_phone: "+14155550142",
      campaign_id: campaignId,
    });
    const turns = await db()
      .selectFrom("turns")
      .select(["seq", "role", "text", "total_ms", "cost_usd", "tts_characters"])
      .where("conversation_id", "=", conversation.id)
      .orderBy("seq")
      .execute();
    expect(turns.map((t) => t.role)).toEqual([
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
      "caller",
      "agent",
    ]);
    expect(turns[1]!.text).toBe("I need a new kitchen");
    expect(
      turns.filter((t) => t.role === "agent" && t.seq > 0).every((t) => t.total_ms !== null),
    ).toBe(true);
    // Costs: Twilio's transcript costs nothing (caller turns 0), the scripted agent nothing,
    // its voice its characters at the TTS's price; the conversation's total is their sum.
    const costs = turns.map((t) => Number(t.cost_usd));
    const agentTurns = turns.filter((t) => t.role === "agent" && t.seq > 0);
    for (const t of turns.filter((t) => t.role === "caller")) expect(Number(t.cost_usd)).toBe(0);
    for (const t of agentTurns) {
      expect(t.tts_characters).toBeGreaterThan(0);
      expect(Number(t.cost_usd)).toBeCloseTo(priceTts("openai", t.tts_characters!), 6);
      expect(Number(t.cost_usd)).toBeGreaterThan(0);
    }
    const sum = round6(costs.reduce((a, b) => a + b, 0));
    expect(sum).toBeGreaterThan(0);
    expect(Number(conversation.total_cost_usd)).toBeCloseTo(sum, 6);
    expect(Number(conversation.tts_cost_usd)).toBeCloseTo(sum, 6);
    expect(Number(conversation.stt_cost_usd) + Number(conversation.llm_cost_usd)).toBe(0);

    const jobs = await db()
      .selectFrom("jobs")
      .select(["status", "attempts"])
      .where("conversation_id", "=", conversation.id)
      .execute();
    expect(jobs).toEqual([{ status: "done", attempts: 1 }]);
    const leads = await db()
      .selectFrom("leads")
      .selectAll()
      .where("conversation_id", "=", conversation.id)
      .execute();
    expect(leads).toHaveLength(1);
    expect(leads[0]!.email).toBe("dana@example.com");
    expect(leads[0]!.phone).toBe("+14155550142");
  }
});
