// Every provider failure has a defined, spoken outcome, and the caller's words are stored
// anyway; barge-in and client disconnects store what was heard; retries do not duplicate.
import { sql } from "kysely";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as interruptRoute from "@/app/api/voice/turn/interrupt/route";
import * as turnRoute from "@/app/api/voice/turn/route";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { type Database, setDatabase } from "@/lib/db/client";
import { APOLOGY, SAY_AGAIN } from "@/lib/voice/pipeline";
import { TIMEOUTS } from "@/lib/voice/providers";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import { agentText, audioBytes, audioTurn, done, startCall, textTurn } from "../helpers/calls";
import { openTestDatabase } from "../helpers/db";
import { createCampaignFor, createUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { wavFile } from "../helpers/wav";
import { startDeepgramStandIn } from "../stand-ins/deepgram";
import { type Failure, startOpenAiStandIn } from "../stand-ins/openai";

describe("voice turn failures, barge-in and retries", () => {
  let database: Database;
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  let slug: string;
  let utterance: Uint8Array;
  const saved = { ...TIMEOUTS };

  const turnsOf = async (conversationId: string) =>
    (
      await sql<{
        seq: number;
        role: string;
        text: string;
        error_code: string | null;
        interrupted: boolean;
        heard_text: string | null;
        audio_duration_ms: number | null;
        idempotency_key: string | null;
      }>`
        select seq, role, text, error_code, interrupted, heard_text, audio_duration_ms, idempotency_key
        from turns where conversation_id = ${conversationId} order by seq`.execute(database.db)
    ).rows;

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    setDatabase(database);
    [openai, deepgram] = await Promise.all([
      startOpenAiStandIn({ reply: standInAgent }),
      startDeepgramStandIn(),
    ]);
    useProviders({ stt: "deepgram", llm: "openai", tts: "openai" }, { openai, deepgram });
    Object.assign(TIMEOUTS, { sttMs: 400, llmFirstTokenMs: 400, llmMs: 2_000, ttsMs: 400 });
    const owner = await createUser(database.db);
    const campaign = await createCampaignFor(owner);
    await setCampaignStatus(owner.claims, { id: campaign.id, status: "active" });
    slug = campaign.publicSlug;
    utterance = wavFile(await synthesizeWav("I need a new roof"));
  });

  beforeEach(() => {
    openai.set({ chatFailure: null, speechFailure: null, tokenEveryMs: 0 });
    deepgram.set({ listenFailure: null, speakFailure: null });
  });

  afterAll(async () => {
    Object.assign(TIMEOUTS, saved);
    resetToEmbedded();
    setDatabase(undefined);
    await Promise.all([openai?.close(), deepgram?.close(), database?.close()]);
  });

  const newCall = async () =>
    (await startCall(slug)).body as { conversationId: string; callToken: string };

  it.each<Failure>(["500", "429", "slow", "malformed"])(
    "STT %s: the agent asks the caller to repeat, out loud",
    async (failure) => {
      deepgram.set({ listenFailure: failure });
      const c = await newCall();
      const before = deepgram.requests.length;
      const t = await audioTurn(c.callToken, utterance);
      expect(t.status).toBe(200);
      expect(t.events.find((e) => e.type === "error")).toMatchObject({
        stage: "stt",
        code: "stt_failed",
      });
      expect(agentText(t)).toBe(SAY_AGAIN);
      expect(audioBytes(t).length).toBeGreaterThan(0);
      expect(deepgram.requests.length - before).toBe(1); // no retries stacked on a live call
      const [, caller, agent] = await turnsOf(c.conversationId);
      expect(caller).toMatchObject({ role: "caller", text: "", error_code: "stt_failed" });
      expect(caller!.audio_duration_ms).toBeGreaterThan(500);
      expect(agent).toMatchObject({ role: "agent", text: SAY_AGAIN });
    },
  );

  it.each<Failure>(["500", "429", "slow", "malformed"])(
    "LLM %s: a spoken apology, the caller's words stored, the call goes on",
    async (failure) => {
      openai.set({ chatFailure: failure });
      const c = await newCall();
      const before = openai.requests.filter((r) => r.path === "/v1/chat/completions").length;
      const t = await textTurn(c.callToken, "Do you install solar panels?");
      expect(t.status).toBe(200);
      expect(t.events.find((e) => e.type === "error")).toMatchObject({
        stage: "llm",
        code: "llm_failed",
      });
      expect(agentText(t)).toBe(APOLOGY);
      expect(audioBytes(t).length).toBeGreaterThan(0);
      expect(openai.requests.filter((r) => r.path === "/v1/chat/completions").length - before).toBe(
        1,
      );
      const turns = await turnsOf(c.conversationId);
      expect(turns[1]).toMatchObject({
        role: "caller",
        text: "Do you install solar panels?",
        error_code: null,
      });
      expect(turns[2]).toMatchObject({ role: "agent", text: APOLOGY, error_code: "llm_failed" });
      // The call goes on.
      openai.set({ chatFailure: null });
      const next = await textTurn(done(t).callToken, "Hello again");
      expect(agentText(next)).toBe("Thanks, that helps. What else should I know?");
    },
  );

  it("LLM error mid-stream: the words so far are kept and stored", async () => {
    openai.set({ chatFailure: "midstream" });
    const c = await newCall();
    const t = await textTurn(c.callToken, "Tell me more");
    expect(t.events.find((e) => e.type === "error")).toMatchObject({ stage: "llm" });
    expect(agentText(t)).toBe("Thanks, that helps. What");
    const turns = await turnsOf(c.conversationId);
    expect(turns[2]).toMatchObject({ text: "Thanks, that helps. What", error_code: "llm_failed" });
  });

  it.each<Failure>(["500", "429", "slow"])(
    "TTS %s: the text still arrives, then done",
    async (failure) => {
      openai.set({ speechFailure: failure });
      const c = await newCall();
      const t = await textTurn(c.callToken, "What do you charge?");
      expect(t.status).toBe(200);
      expect(t.events.find((e) => e.type === "error")).toMatchObject({
        stage: "tts",
        code: "tts_failed",
      });
      expect(agentText(t)).toBe("Thanks, that helps. What else should I know?");
      expect(audioBytes(t).length).toBe(0);
      expect(done(t)).toBeTruthy();
      const turns = await turnsOf(c.conversationId);
      expect(turns[2]).toMatchObject({
        text: "Thanks, that helps. What else should I know?",
        error_code: "tts_failed",
      });
    },
  );

  it("client hangs up mid-stream: both turns are still stored, the agent's marked interrupted", async () => {
    openai.set({ tokenEveryMs: 30 });
    const c = await newCall();
    const res = await turnRoute.POST(
      new NextRequest("http://localhost:3000/api/voice/turn", {
        method: "POST",
        headers: {
          authorization: `Bearer ${c.callToken}`,
          "content-type": "application/json",
          "x-forwarded-for": "2001:db8::1",
        },
        body: JSON.stringify({ text: "I'm calling about a quote" }),
      }),
      { params: Promise.resolve({}) },
    );
    const reader = res.body!.getReader();
    let buffered = "";
    while (!buffered.includes('"type":"audio"'))
      buffered += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    let turns = await turnsOf(c.conversationId);
    for (let i = 0; i < 50 && turns.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      turns = await turnsOf(c.conversationId);
    }
    expect(turns[1]).toMatchObject({ role: "caller", text: "I'm calling about a quote" });
    expect(turns[2]).toMatchObject({ role: "agent", interrupted: true });
    expect(turns[2]!.text.length).toBeLessThan(
      "Thanks, that helps. What else should I know?".length,
    );
  });

  it("barge-in: the interrupt route stores what the caller actually heard", async () => {
    const c = await newCall();
    const t = await textTurn(c.callToken, "Hi there");
    const { agentSeq } = t.events.find((e) => e.type === "turn");
    const res = await call(interruptRoute.POST, "/api/voice/turn/interrupt", {
      headers: { authorization: `Bearer ${done(t).callToken}` },
      body: { seq: agentSeq, heardText: "Thanks, that" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ seq: agentSeq, interrupted: true });
    const turns = await turnsOf(c.conversationId);
    expect(turns[agentSeq]).toMatchObject({
      interrupted: true,
      heard_text: "Thanks, that",
      text: "Thanks, that helps. What else should I know?",
    });
    // Not an agent turn, and a turn that does not exist: refused.
    for (const seq of [agentSeq - 1, 99]) {
      const bad = await call(interruptRoute.POST, "/x", {
        headers: { authorization: `Bearer ${c.callToken}` },
        body: { seq, heardText: "x" },
      });
      expect(bad.status).toBe(400);
    }
  });

  it("a retried turn with the same Idempotency-Key replays the answer and stores nothing new", async () => {
    const c = await newCall();
    const headers = { "idempotency-key": "turn-1-abc" };
    const first = await textTurn(c.callToken, "We want a deck", headers);
    const again = await textTurn(done(first).callToken, "We want a deck", headers);
    expect(again.status).toBe(200);
    expect(done(again)).toMatchObject({ replayed: true });
    expect(agentText(again)).toBe(agentText(first));
    const turns = await turnsOf(c.conversationId);
    expect(turns).toHaveLength(3);
    expect(turns.filter((t) => t.idempotency_key === "turn-1-abc")).toHaveLength(1);
  });
});
