// The turn's database side: the caller's turn is claimed before the stream starts, the same
// Idempotency-Key runs the pipeline once (409 + Retry-After while it runs, then the stored
// replay, also for the turn that ended the call), no provider is called before that check, a
// client hang-up still stores both turns, idle turns, streamed-STT pricing, and costs that add up.
import { sql } from "kysely";
import { NextRequest } from "next/server";
import { beforeEach, expect, it } from "vitest";
import * as turnRoute from "@/app/api/voice/turn/route";
import { IDLE_CHECK, IDLE_GOODBYE } from "@/lib/voice/engine/phrases";
import { PRICES } from "@/lib/voice/pricing";
import { describeEachDatabase } from "../helpers/db";
import { expectWholeSamples, replyText, shape, timedTurn } from "../helpers/turn-stream";
import {
  expectStoreFailed,
  FULL_REPLY,
  PATHS,
  requestsTo,
  retryWhileHeld,
  tokenOf,
  voiceSuite,
} from "../helpers/voice-suite";

describeEachDatabase("voice turn claims, retries and costs", ({ db }) => {
  const suite = voiceSuite(db, { bounds: { holdingMs: 5_000 } });
  const { newCall, turnsOf } = suite;

  beforeEach(() => {
    suite.openai.set({ tokenEveryMs: 0, firstTokenMs: 0 });
  });

  const chats = () => requestsTo(suite.openai, PATHS.chat);
  const listens = () => requestsTo(suite.deepgram, PATHS.listen);

  it("a normal turn: turn, transcript, reply pieces with whole-sample audio, done", async () => {
    const c = await newCall();
    const t = await timedTurn(c.callToken, { audio: suite.utterance });
    expect(shape(t)).toEqual([
      "turn",
      "transcript",
      "text:reply",
      "audio",
      "text:reply",
      "audio",
      "done",
    ]);
    expect(replyText(t)).toBe(FULL_REPLY);
    expectWholeSamples(t);
    expect(t.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    expect(t.events.at(-1)).toMatchObject({
      turn: { callerSeq: 1, agentSeq: 2, incomplete: false },
      endCall: false,
    });
    expect(t.events.at(-1).callToken).toBe(t.headers.get("x-call-token"));
  });

  it("the same Idempotency-Key twice at once runs the pipeline once: 409 + Retry-After, then the replay", async () => {
    const c = await newCall();
    suite.openai.set({ tokenEveryMs: 40 });
    const headers = { "idempotency-key": "same-key-1" };
    const before = { chats: chats(), listens: listens() };
    const [a, b] = await Promise.all([
      timedTurn(c.callToken, { audio: suite.utterance }, headers),
      timedTurn(c.callToken, { audio: suite.utterance }, headers),
    ]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    expect(winner.status).toBe(200);
    expect(loser.status).toBe(409);
    expect(loser.headers.get("retry-after")).toBe("1");
    expect(loser.error?.error.code).toBe("turn_in_progress");
    expect(chats() - before.chats).toBe(1);
    expect(listens() - before.listens).toBe(1); // the loser never reached STT
    // Once the first has finished, the same key replays the stored turn.
    const again = await timedTurn(tokenOf(winner), { audio: suite.utterance }, headers);
    expect(again.status).toBe(200);
    expect(again.events.at(-1)).toMatchObject({ replayed: true, turn: { callerSeq: 1 } });
    expect(replyText(again)).toBe(FULL_REPLY);
    expect(chats() - before.chats).toBe(1);
    expect(listens() - before.listens).toBe(1);
    const turns = await turnsOf(c.conversationId);
    expect(turns).toHaveLength(3);
    expect(turns.filter((t) => t.idempotency_key === "same-key-1")).toHaveLength(1);
  });

  it("a retry while the first is still streaming gets 409, and no provider is called", async () => {
    const c = await newCall();
    suite.openai.set({ tokenEveryMs: 60 });
    const headers = { "idempotency-key": "running-key" };
    const started = chats();
    const first = timedTurn(c.callToken, { audio: suite.utterance }, headers);
    // Retry once the first is streaming its reply.
    while (chats() === started) await new Promise((r) => setTimeout(r, 10));
    const before = { chats: chats(), listens: listens() };
    const retry = await timedTurn(c.callToken, { audio: suite.utterance }, headers);
    expect(retry.status).toBe(409);
    expect(retry.headers.get("retry-after")).toBeTruthy();
    expect({ chats: chats(), listens: listens() }).toEqual(before);
    expect((await first).status).toBe(200);
  });

  it("a failure after the claim releases the key: the retry runs the turn again", async () => {
    const c = await newCall();
    const headers = { "idempotency-key": "fails-once" };
    // The agent row's write fails: a check constraint the stand-in's reply trips once.
    await sql`alter table turns add constraint engine_test_no_thanks
      check (role <> 'agent' or text not like 'Thanks, that helps.%') not valid`.execute(db());
    let t: Awaited<ReturnType<typeof timedTurn>>;
    try {
      t = await timedTurn(c.callToken, { json: { text: "Hello there" } }, headers);
    } finally {
      await sql`alter table turns drop constraint engine_test_no_thanks`.execute(db());
    }
    expectStoreFailed(t);
    // The release runs in the background as soon as the database answers.
    const retry = await retryWhileHeld(tokenOf(t), { json: { text: "Hello there" } }, headers);
    expect(retry.status).toBe(200);
    expect(retry.events.at(-1).replayed).toBeUndefined();
    expect(replyText(retry)).toBe(FULL_REPLY);
    const turns = await turnsOf(c.conversationId);
    expect(turns.filter((r) => r.idempotency_key === "fails-once")).toHaveLength(1);
  });

  it("a retry of the turn that ended the call replays it (not 409)", async () => {
    const c = await newCall();
    const headers = { "idempotency-key": "goodbye-1" };
    const idle1 = await timedTurn(c.callToken, { json: { idle: true } });
    expect(replyText(idle1)).toBe(IDLE_CHECK);
    expect(idle1.events.at(-1).endCall).toBe(false);
    const idle2 = await timedTurn(tokenOf(idle1), { json: { idle: true } }, headers);
    expect(replyText(idle2)).toBe(IDLE_GOODBYE);
    expect(idle2.events.find((e) => e.type === "tool_call")).toMatchObject({ name: "end_call" });
    expect(idle2.events.at(-1).endCall).toBe(true);
    const status = await sql<{
      status: string;
    }>`select status from conversations where id = ${c.conversationId}`.execute(db());
    expect(status.rows[0]!.status).toBe("ended");
    const retry = await timedTurn(tokenOf(idle2), { json: { idle: true } }, headers);
    expect(retry.status).toBe(200);
    expect(retry.events.at(-1)).toMatchObject({ replayed: true, endCall: true });
    expect(replyText(retry)).toBe(IDLE_GOODBYE);
    // A new turn on the ended call is refused.
    const late = await timedTurn(tokenOf(idle2), { json: { text: "Hello?" } });
    expect(late.status).toBe(409);
    const turns = await turnsOf(c.conversationId);
    expect(turns[1]).toMatchObject({ role: "caller", text: "", error_code: "caller_idle" });
    expect(turns[2]).toMatchObject({ role: "agent", text: IDLE_CHECK });
  });

  it("an idle turn after the caller spoke asks again instead of hanging up", async () => {
    const c = await newCall();
    const a = await timedTurn(c.callToken, { json: { idle: true } });
    const b = await timedTurn(tokenOf(a), { json: { text: "Sorry, I'm here" } });
    const d = await timedTurn(tokenOf(b), { json: { idle: true } });
    expect(replyText(d)).toBe(IDLE_CHECK);
    expect(d.events.at(-1).endCall).toBe(false);
  });

  it("the client hangs up mid-stream: both turns stored, the agent's interrupted and incomplete", async () => {
    suite.openai.set({ tokenEveryMs: 30 });
    const c = await newCall();
    const res = await turnRoute.POST(
      new NextRequest("http://localhost:3000/api/voice/turn", {
        method: "POST",
        headers: {
          authorization: `Bearer ${c.callToken}`,
          "content-type": "application/json",
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
    expect(turns[2]).toMatchObject({ role: "agent", interrupted: true, incomplete: true });
    expect(turns[2]!.text.length).toBeLessThan(FULL_REPLY.length);
  });

  it("streamed STT: { text, audioMs } prices the audio as STT seconds on the caller turn", async () => {
    const c = await newCall();
    const t = await timedTurn(c.callToken, { json: { text: "Hi there", audioMs: 1500 } });
    expect(t.events.at(-1).turn.cost.stt).toBeCloseTo(1.5 * PRICES.stt.deepgram.perSecond, 6);
    const [, caller] = await turnsOf(c.conversationId);
    expect(Number(caller!.stt_seconds)).toBe(1.5);
    expect(Number(caller!.cost_usd)).toBeCloseTo(1.5 * PRICES.stt.deepgram.perSecond, 6);
  });

  it("every turn carries its own cost, and the conversation's total is their sum", async () => {
    const c = await newCall();
    let token = c.callToken;
    for (const body of [
      { audio: suite.utterance },
      { json: { text: "Two" } },
      { audio: suite.utterance },
    ]) {
      const t = await timedTurn(token, body);
      token = tokenOf(t);
    }
    const turns = await turnsOf(c.conversationId);
    const callers = turns.filter((t) => t.role === "caller");
    const agents = turns.filter((t) => t.role === "agent" && t.seq > 0);
    expect(callers.filter((t) => Number(t.cost_usd) > 0)).toHaveLength(2); // the audio turns
    for (const a of agents) expect(Number(a.cost_usd)).toBeGreaterThan(0); // LLM + TTS
    const sum = turns.reduce((s, t) => s + Number(t.cost_usd), 0);
    const conv = await sql<{
      total: string;
      stt: string;
      llm: string;
      tts: string;
    }>`select total_cost_usd as total, stt_cost_usd as stt, llm_cost_usd as llm,
         tts_cost_usd as tts from conversations where id = ${c.conversationId}`.execute(db());
    const row = conv.rows[0]!;
    expect(Number(row.total)).toBeCloseTo(sum, 6);
    expect(Number(row.stt) + Number(row.llm) + Number(row.tts)).toBeCloseTo(sum, 6);
    expect(Number(row.stt)).toBeCloseTo(
      callers.reduce((s, t) => s + Number(t.cost_usd), 0),
      6,
    );
  });
});
