// Every provider combination (STT × LLM × TTS) runs a call through the real SDKs against
// the local stand-ins: a text turn, a WAV turn, the end, and what was stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, setDatabase } from "@/lib/db/client";
import { rmsLevel } from "@/lib/voice/audio";
import { synthesizeWav } from "@/lib/voice/providers/tts/local";
import {
  agentText,
  audioBytes,
  audioTurn,
  createActiveCampaign,
  done,
  endCall,
  ownerView,
  startCall,
  textTurn,
} from "../helpers/calls";
import { openTestDatabase } from "../helpers/db";
import type { TestUser } from "../helpers/factories";
import { ALL_COMBOS, resetToEmbedded, standInAgent, useProviders } from "../helpers/providers";
import { wavFile } from "../helpers/wav";
import { startDeepgramStandIn } from "../stand-ins/deepgram";
import { startOpenAiStandIn } from "../stand-ins/openai";

describe("provider combinations", () => {
  let database: Database;
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  let slug: string;
  let owner: TestUser;
  let utterance: Uint8Array;
  const spoken = "My email is bo@example.com";

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    setDatabase(database);
    [openai, deepgram] = await Promise.all([
      startOpenAiStandIn({ reply: standInAgent }),
      startDeepgramStandIn({ transcribe: () => spoken }),
    ]);
    const active = await createActiveCampaign(database.db);
    owner = active.owner;
    slug = active.campaign.publicSlug;
    utterance = wavFile(await synthesizeWav(spoken));
  });

  afterAll(async () => {
    resetToEmbedded();
    setDatabase(undefined);
    await Promise.all([openai?.close(), deepgram?.close(), database?.close()]);
  });

  it.each(ALL_COMBOS)("stt=$stt llm=$llm tts=$tts", async (combo) => {
    useProviders(combo, { openai, deepgram });
    const sampleRate = combo.tts === "local" ? 22_050 : 24_000;
    let started = await startCall(slug);
    expect(started.status).toBe(201);
    if (started.body.firstMessage.audio === null) {
      // This TTS has not spoken the greeting yet: the start answered without waiting, and
      // filled the cache after its response (startCall waits for that), so the next has it.
      started = await startCall(slug);
    }
    expect(started.body.firstMessage.audio.sampleRate).toBe(sampleRate);

    const t1 = await textTurn(started.body.callToken, "We need a new kitchen.");
    expect(t1.status).toBe(200);
    expect(agentText(t1).length).toBeGreaterThan(5);
    expect(t1.events.find((e) => e.type === "audio").sampleRate).toBe(sampleRate);
    expect(rmsLevel(audioBytes(t1))).toBeGreaterThan(0.02);

    // With Deepgram the server transcribes; without STT the browser's transcript comes along.
    const listened = deepgram.requests.filter((r) => r.path === "/v1/listen").length;
    const t2 = await audioTurn(
      done(t1).callToken,
      utterance,
      combo.stt === "none" ? spoken : undefined,
    );
    expect(t2.status).toBe(200);
    expect(t2.events.find((e) => e.type === "transcript").text).toBe(spoken);
    expect(deepgram.requests.filter((r) => r.path === "/v1/listen").length).toBe(
      listened + (combo.stt === "deepgram" ? 1 : 0),
    );
    const d2 = done(t2);
    expect(d2.turn.marks.sttMs > 0).toBe(combo.stt === "deepgram");
    expect(d2.turn.cost.stt > 0).toBe(combo.stt === "deepgram");
    expect(d2.turn.cost.llm > 0).toBe(combo.llm === "openai");
    expect(d2.turn.cost.tts > 0).toBe(combo.tts !== "local");

    // Two more turns, one of each kind, and every turn of the call is stored in order.
    const t3 = await textTurn(d2.callToken, "Next month would be ideal.");
    expect(t3.status).toBe(200);
    const t4 = await audioTurn(
      done(t3).callToken,
      utterance,
      combo.stt === "none" ? spoken : undefined,
    );
    expect(t4.status).toBe(200);
    expect(done(t4).turn).toMatchObject({ callerSeq: 7, agentSeq: 8 });

    const ended = await endCall(started.body.conversationId, done(t4).callToken);
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual({ conversationId: started.body.conversationId, status: "ended" });
    const view = await ownerView(started.body.conversationId, owner.cookie);
    expect(view.lead.email).toBe("bo@example.com");
    expect(view.lead.qualification_score).toBeGreaterThan(0);
    expect(view.lead.evidence.some((e: { answered: boolean }) => e.answered)).toBe(true);
    expect(view.conversation.total_cost_usd > 0).toBe(
      combo.stt === "deepgram" || combo.llm === "openai" || combo.tts !== "local",
    );
    expect(view.conversation.turn_count).toBe(9);
    if (combo.stt === "deepgram") {
      const listen = deepgram.requests.filter((r) => r.path === "/v1/listen").at(-1)!;
      expect(listen.query).toMatchObject({ model: "nova-3", language: "en-US" });
      expect(listen.bytes).toBe(utterance.length);
    }
  });
});
