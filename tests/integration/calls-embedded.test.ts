// A whole call on the embedded defaults (scripted agent, local eSpeak TTS, no STT: audio
// turns carry the browser's transcript), through the real route handlers, on each database.
import { beforeAll, expect, it } from "vitest";
import * as conversationRoute from "@/app/api/conversations/[id]/route";
import { rmsLevel } from "@/lib/voice/audio";
import { resetProviders } from "@/lib/voice/providers";
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
import { describeEachDatabase } from "../helpers/db";
import type { TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { wavFile } from "../helpers/wav";

describeEachDatabase("a whole embedded call", ({ db }) => {
  let owner: TestUser;
  let slug: string;

  beforeAll(async () => {
    resetProviders();
    const active = await createActiveCampaign(db());
    owner = active.owner;
    slug = active.campaign.publicSlug;
  });

  // Several replies synthesised by eSpeak NG's WASM build, which a busy two-core machine can
  // stretch past the default 30 s: a longer bound for this one test.
  it("runs start → text and WAV turns → the agent closes → post-call lead with evidence", async () => {
    const started = await startCall(slug, { name: "Ann" });
    expect(started.status).toBe(201);
    const { conversationId, callToken, firstMessage, livekit } = started.body;
    expect(livekit).toBeNull();
    expect(firstMessage.text).toMatch(/Thanks for calling/);
    // Listen-check the greeting: real speech has length and level, not silence.
    const greeting = Buffer.from(firstMessage.audio.data, "base64");
    expect(firstMessage.audio.sampleRate).toBe(22_050);
    expect(greeting.length / 2 / 22_050).toBeGreaterThan(2);
    expect(rmsLevel(greeting)).toBeGreaterThan(0.02);

    let token = callToken;
    const t1 = await textTurn(token, "Yes, sure.");
    expect(t1.status).toBe(200);
    expect(t1.events.find((e) => e.type === "turn")).toMatchObject({ callerSeq: 1, agentSeq: 2 });
    expect(t1.events.find((e) => e.type === "transcript").text).toBe("Yes, sure.");
    expect(agentText(t1)).toContain("What are you looking for help with?");
    expect(audioBytes(t1).length).toBeGreaterThan(22_050); // > 0.5 s of speech
    expect(rmsLevel(audioBytes(t1))).toBeGreaterThan(0.02);
    const d1 = done(t1);
    expect(d1.turn.marks.firstAudioMs).toBeGreaterThan(0);
    expect(d1.turn.cost.total).toBe(0); // embedded providers are free
    token = d1.callToken;

    const t2 = await textTurn(token, "We need a whole new kitchen.");
    expect(agentText(t2)).toContain("How soon do you need it?");
    token = done(t2).callToken;

    // A WAV utterance: with no STT configured, the browser's transcript comes with it.
    const utterance = await synthesizeWav("As soon as possible, this week if you can.");
    const t3 = await audioTurn(
      token,
      wavFile(utterance),
      "As soon as possible, this week if you can.",
    );
    expect(t3.status).toBe(200);
    expect(agentText(t3)).toContain("May I have your name?");
    token = done(t3).callToken;

    const t4 = await textTurn(token, "My name is Ann Lee.");
    expect(agentText(t4)).toMatch(/Nice to meet you, Ann\. What's the best email/);
    token = done(t4).callToken;

    const t5 = await textTurn(token, "It's ann.lee@example.com");
    expect(agentText(t5)).toMatch(/Someone from our team will be in touch/);
    expect(done(t5).endCall).toBe(true);
    token = done(t5).callToken;

    // The agent ended the call: further turns are refused, and ending again is idempotent.
    const after = await textTurn(token, "Hello?");
    expect(after.status).toBe(409);
    const ended = await endCall(conversationId, token);
    expect(ended.status).toBe(200);
    // The caller learns only that the call ended; the analysis is the owner's to read.
    expect(ended.body).toEqual({ conversationId, status: "ended" });
    const view = await ownerView(conversationId, owner.cookie);
    expect(view.conversation).toMatchObject({ status: "ended", end_reason: "completed" });
    expect(view.lead).toMatchObject({
      name: "Ann Lee",
      email: "ann.lee@example.com",
      qualification_score: 100,
      urgency_level: "high",
      status: "qualified",
    });
    const evidence = view.lead.evidence;
    expect(evidence).toHaveLength(2);
    expect(evidence[0]).toMatchObject({
      questionId: "need",
      answered: true,
      quote: "We need a whole new kitchen.",
    });
    expect(evidence[1]).toMatchObject({ questionId: "timeline", answered: true, turnSeq: 5 });

    // What the owner sees: every turn stored in order, the caller's words verbatim.
    const detail = await call(conversationRoute.GET, `/api/conversations/${conversationId}`, {
      cookie: owner.cookie,
      params: { id: conversationId },
    });
    expect(detail.status).toBe(200);
    const turns = detail.body.turns;
    expect(turns.map((t: any) => t.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(turns.filter((t: any) => t.role === "caller").map((t: any) => t.text)).toEqual([
      "Yes, sure.",
      "We need a whole new kitchen.",
      "As soon as possible, this week if you can.",
      "My name is Ann Lee.",
      "It's ann.lee@example.com",
    ]);
    expect(turns[5].audio_duration_ms).toBeGreaterThan(1000);
    expect(turns[2].first_audio_ms).toBeGreaterThan(0);
    expect(turns[2].tts_characters).toBeGreaterThan(10);
    expect(detail.body.conversation.summary).toMatch(/Ann Lee answered 2 of 2/);
  }, 120_000);
});
