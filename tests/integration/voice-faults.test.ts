// Every provider fault row of issue 8 has a defined outcome: within 1.5 s of the fault being
// detectable (or of the stage's bound) an error event with a code and a spoken apology, then
// done; the caller's words stored (or an empty transcript marked stt_failed); a cut reply
// stored as incomplete; whole-sample audio; and the next turn on the call works normally.
// Faults are armed per request in the stand-ins; run on PGlite and, with DATABASE_URL, Postgres.
import { beforeAll, expect, it } from "vitest";
import { APOLOGY, SAY_AGAIN } from "@/lib/voice/engine/faults";
import { HOLDING } from "@/lib/voice/engine/phrases";
import { describeEachDatabase } from "../helpers/db";
import {
  audioOf,
  expectWholeSamples,
  shape,
  type TurnBody,
  timedTurn,
} from "../helpers/turn-stream";
import {
  expectDoneWithin,
  expectErrorThenDone,
  expectNormalTurn,
  FULL_REPLY,
  PATHS,
  requestSince,
  requestsTo,
  tokenOf,
  voiceSuite,
} from "../helpers/voice-suite";
import type { Fault } from "../stand-ins/faults";

// Shorter than production so hangs are quick to test, long enough for a loaded CI machine.
const TEST_BOUNDS = {
  sttMs: 1_500,
  llmFirstTokenMs: 1_500,
  llmStallMs: 1_000,
  llmMs: 6_000,
  ttsFirstByteMs: 1_200,
  ttsStallMs: 1_000,
  ttsMs: 6_000,
  holdingMs: 400,
};
/** The outcome must be out within 1.5 s of the fault being detectable. */
const WITHIN = 1_500;

type Row = {
  stage: "stt" | "llm" | "tts";
  route: "listen" | "chat" | "speech" | "speak";
  fault: Fault;
  code: string | null;
  /** When the fault becomes detectable: at once, or at the stage's bound. */
  bound?: keyof typeof TEST_BOUNDS;
};

type Cell = [Fault, string | null, (keyof typeof TEST_BOUNDS)?];

/** Faults every provider can show, with the code each stage answers (null: a normal turn). */
const COMMON: Cell[] = [
  ["500", "unavailable"],
  ["429", "rate_limited"],
  ["hang", "timeout", "sttMs"], // the stage's first-answer bound, per stage below
  ["slow", null],
  ["reset", "connection_lost"],
  ["empty-result", "empty"],
];

const rows = (stage: Row["stage"], route: Row["route"], extra: Cell[]): Row[] =>
  [...COMMON, ...extra].map(([fault, code, bound]) => ({
    stage,
    route,
    fault,
    code: code === null ? null : `${stage}_${code}`,
    bound:
      bound === "sttMs"
        ? ({ stt: "sttMs", llm: "llmFirstTokenMs", tts: "ttsFirstByteMs" } as const)[stage]
        : bound,
  }));

const STT_ROWS = rows("stt", "listen", [
  ["malformed", "bad_response"], // an HTML page with status 200
  ["empty200", "bad_response"],
]);
const LLM_ROWS = rows("llm", "chat", [
  ["malformed", "bad_response"],
  ["empty200", "truncated"], // no finish_reason: never a complete reply
  ["headers-only", "timeout", "llmFirstTokenMs"],
  ["stall", "stalled", "llmStallMs"],
  ["bad-tool-args", "bad_tool_call"],
]);
const ttsRows = (route: "speech" | "speak") =>
  rows("tts", route, [
    ["malformed", "bad_response"], // an error document behind an audio content type
    ["empty200", "empty"],
    ["stall", "stalled", "ttsStallMs"],
    ["non-audio", "bad_response"],
    ["odd-split", null],
  ]);

describeEachDatabase("voice faults", ({ db }) => {
  const suite = voiceSuite(db, { bounds: TEST_BOUNDS });
  const { newCall, turnsOf, useCombo } = suite;

  beforeAll(async () => {
    // One ordinary turn first, so no row pays for loading the SDKs' code.
    await timedTurn((await newCall()).callToken, { audio: suite.utterance });
  });

  /** The common checks: sequence, timing, audio, stored rows, and a normal next turn. */
  async function expectOutcome(row: Row, body: TurnBody) {
    const c = await newCall();
    const stand = row.route === "chat" || row.route === "speech" ? suite.openai : suite.deepgram;
    stand.arm(row.route as never, row.fault);
    const t = await timedTurn(c.callToken, body);
    expect(t.status).toBe(200);
    expect(stand.faults.pending(row.route as never)).toBe(0); // the armed request was made
    const s = shape(t);
    expect(s[0]).toBe("turn");
    expect(s.at(-1)).toBe("done");
    expectWholeSamples(t);
    // Done within 1.5 s of the fault being detectable: when the faulty request was answered,
    // or, for a hang or a stall, when its bound ran out (both on the stand-in's clock).
    const faulty = requestSince(stand, PATHS[row.route], t.startedAt);
    const detectable = faulty.at + (row.bound ? TEST_BOUNDS[row.bound] : 0);
    if (row.code !== null) expectDoneWithin(t, detectable, WITHIN);
    const turns = await turnsOf(c.conversationId);
    const [caller, agent] = turns.slice(1);
    expect(caller).toMatchObject({ role: "caller", claim_expires_at: null });
    if (row.code === null) {
      expectNormalTurn(t);
      expect(audioOf(t, "reply").length).toBeGreaterThan(0);
      expect(agent).toMatchObject({ text: FULL_REPLY, incomplete: false, error_code: null });
    } else {
      const error = expectErrorThenDone(t, { stage: row.stage, code: row.code });
      const spoken = row.stage === "stt" ? SAY_AGAIN : APOLOGY;
      expect(error.spoken).toBe(spoken);
      // The apology follows the error, and done follows the apology.
      expect(s.indexOf("error")).toBeLessThan(s.indexOf("text:apology"));
      const apologyAudio = audioOf(t, "apology").length;
      if (row.stage === "tts")
        expect(apologyAudio).toBe(0); // TTS itself failed: text only
      else expect(apologyAudio).toBeGreaterThan(0);
      expect(agent).toMatchObject({
        role: "agent",
        error_code: error.code,
        incomplete: row.stage !== "stt",
      });
      expect(agent!.text.endsWith(spoken)).toBe(true);
      // A tool call with broken arguments arrives after the words it came with.
      if (row.fault !== "bad-tool-args") expect(agent!.text).not.toContain("else should I know");
    }
    // The next turn on the same call works normally.
    expectNormalTurn(await timedTurn(tokenOf(t), { json: { text: "And the price?" } }));
    return { t, caller: caller!, agent: agent! };
  }

  it.each(STT_ROWS)("STT $fault → $code", async (row) => {
    await useCombo({ stt: "deepgram", llm: "openai", tts: "openai" });
    const { t, caller } = await expectOutcome(row, { audio: suite.utterance });
    if (row.code === null) {
      expect(caller.text).toBe("I'd like a quote for a new kitchen.");
      expect(t.events.find((e) => e.type === "transcript")).toBeTruthy();
    } else {
      expect(caller).toMatchObject({ text: "", error_code: "stt_failed" });
      expect(caller.audio_duration_ms).toBeGreaterThan(500);
      expect(t.events.find((e) => e.type === "transcript")).toBeUndefined();
    }
  });

  it.each(LLM_ROWS)("LLM $fault → $code", async (row) => {
    await useCombo({ stt: "none", llm: "openai", tts: "openai" });
    const { caller, agent } = await expectOutcome(row, { json: { text: "Do you install solar?" } });
    expect(caller).toMatchObject({ text: "Do you install solar?", error_code: null });
    // A reply cut after some words keeps them, and is not stored as complete.
    if (row.fault === "stall" || row.fault === "reset")
      expect(agent.text).toBe(`Thanks, that helps. ${APOLOGY}`);
  });

  it.each(ttsRows("speech"))("OpenAI TTS $fault → $code", async (row) => {
    await useCombo({ stt: "none", llm: "openai", tts: "openai" });
    await expectOutcome(row, { json: { text: "What do you charge?" } });
  });

  it.each(ttsRows("speak"))("Deepgram TTS $fault → $code", async (row) => {
    await useCombo({ stt: "none", llm: "openai", tts: "deepgram" });
    await expectOutcome(row, { json: { text: "What do you charge?" } });
  });

  it("TTS fails before any audio: the fallback provider speaks the piece, no error", async () => {
    await useCombo({ stt: "none", llm: "openai", tts: "openai", ttsFallback: "deepgram" });
    const { openai, deepgram } = suite;
    const c = await newCall();
    openai.arm("speech", "500");
    const before = requestsTo(deepgram, PATHS.speak);
    const t = await timedTurn(c.callToken, { json: { text: "Hello" } });
    expectNormalTurn(t);
    expect(requestsTo(deepgram, PATHS.speak)).toBeGreaterThan(before);
  });

  it("TTS stalls mid-piece with a fallback: the apology is spoken by the fallback", async () => {
    await useCombo({ stt: "none", llm: "openai", tts: "openai", ttsFallback: "deepgram" });
    const c = await newCall();
    suite.openai.arm("speech", "stall");
    const t = await timedTurn(c.callToken, { json: { text: "Hello" } });
    expectErrorThenDone(t, { stage: "tts", code: "tts_stalled" });
    expect(audioOf(t, "apology").length).toBeGreaterThan(0);
    const faulty = requestSince(suite.openai, PATHS.speech, t.startedAt);
    expectDoneWithin(t, faulty.at + TEST_BOUNDS.ttsStallMs, WITHIN);
    const [, , agent] = await turnsOf(c.conversationId);
    expect(agent).toMatchObject({ incomplete: true, error_code: "tts_stalled" });
  });

  it("silence budget: a slow LLM gets the cached holding phrase first, then the reply", async () => {
    await useCombo({ stt: "none", llm: "openai", tts: "openai" });
    const { openai } = suite;
    const c = await newCall();
    openai.set({ slowMs: TEST_BOUNDS.holdingMs + 200 });
    openai.arm("chat", "slow");
    const t = await timedTurn(c.callToken, { json: { text: "Hello" } });
    openai.set({ slowMs: 300 });
    expect(shape(t).slice(0, 4)).toEqual(["turn", "transcript", "text:holding", "audio"]);
    expect(t.events.find((e) => e.kind === "holding").text).toBe(HOLDING);
    expectNormalTurn(t);
  });
});
