// Pure voice logic: the speech chunker, field extraction, the scripted agent's flow,
// scoring, pricing and WAV parsing.
import { beforeAll, describe, expect, it } from "vitest";
import { defaultCampaignInput, flowConfigSchema } from "@/lib/validations/campaign";
import { extractLeadFields } from "@/lib/voice/agent/extract";
import { loadNameLexicon } from "@/lib/voice/agent/names";
import { type HistoryItem, scriptedReply } from "@/lib/voice/agent/scripted";
import { runTool } from "@/lib/voice/agent/tools";
import { analyzeScripted, urgencyOf } from "@/lib/voice/analysis";
import { parseWav, rmsLevel } from "@/lib/voice/audio";
import { SpeechChunker } from "@/lib/voice/chunker";
import { priceTurn } from "@/lib/voice/pricing";
import { wavFile } from "../helpers/wav";
import { BENCH_TOKENS } from "../stand-ins/openai";

const flow = flowConfigSchema.parse(defaultCampaignInput().flowConfig);

// The scripted agent reads names with compromise, loaded lazily on its first reply.
beforeAll(() => loadNameLexicon());

describe("SpeechChunker", () => {
  const run = (tokens: string[]) => {
    const c = new SpeechChunker();
    const pieces: { piece: string; at: number }[] = [];
    tokens.forEach((t, i) => {
      for (const piece of c.push(t)) pieces.push({ piece, at: i + 1 });
    });
    const rest = c.flush();
    if (rest) pieces.push({ piece: rest, at: tokens.length });
    return pieces;
  };

  it("speaks the first clause as soon as its comma arrives, then whole sentences", () => {
    const pieces = run(BENCH_TOKENS);
    expect(pieces[0]).toEqual({ piece: "Thanks for calling us today,", at: 5 });
    expect(pieces[1]).toEqual({ piece: "I can definitely help you with that right away.", at: 14 });
    expect(pieces[2]!.piece).toMatch(/^Could you tell me .* properly\?$/);
    expect(pieces.map((p) => p.piece).join(" ")).toBe(BENCH_TOKENS.join(""));
  });

  it("does not cut at a comma too early, in numbers, or after abbreviations", () => {
    expect(run(["Sure,", " I", " can", " do", " that."]).map((p) => p.piece)).toEqual([
      "Sure, I can do that.",
    ]);
    expect(run(["It", " costs", " 1,", "000", " dollars."]).map((p) => p.piece)).toEqual([
      "It costs 1,000 dollars.",
    ]);
    expect(run(["Ask", " Dr.", " Smith", " today."]).map((p) => p.piece)).toEqual([
      "Ask Dr. Smith today.",
    ]);
  });

  it("splits a delta that holds several boundaries", () => {
    expect(run(["Great news, we can start. Does Monday work?"]).map((p) => p.piece)).toEqual([
      "Great news, we can start.",
      "Does Monday work?",
    ]);
  });
});

describe("extractLeadFields", () => {
  it("finds emails, phones, names and companies in what callers say", () => {
    expect(extractLeadFields("Sure, my name is ann lee and I work at Acme Corp")).toEqual({
      name: "Ann Lee",
      company: "Acme Corp",
    });
    expect(extractLeadFields("reach me at Ann.Lee@Example.com or +1 (555) 010-2030")).toEqual({
      email: "ann.lee@example.com",
      phone: "+1 555 010 2030",
    });
  });

  it("reads bare answers and spoken emails when it asked for that field", () => {
    expect(extractLeadFields("Ann", "name")).toEqual({ name: "Ann" });
    expect(extractLeadFields("ann at example dot com", "email")).toEqual({
      email: "ann@example.com",
    });
    expect(extractLeadFields("Northwind", "company")).toEqual({ company: "Northwind" });
    expect(extractLeadFields("Ann")).toEqual({});
  });
});

describe("scriptedReply", () => {
  const say = (...callerTexts: string[]): HistoryItem[] =>
    [
      { role: "agent" as const, text: flow.firstMessage },
      ...callerTexts.flatMap((text) => [
        { role: "caller" as const, text },
        { role: "agent" as const, text: "…" },
      ]),
    ].slice(0, -1);

  it("asks the questions in order, then the missing fields, then closes with end_call", () => {
    expect(scriptedReply(flow, say("Yes")).text).toMatch(/What are you looking for help with\?$/);
    expect(scriptedReply(flow, say("Yes", "A new kitchen")).text).toMatch(
      /How soon do you need it\?$/,
    );
    expect(scriptedReply(flow, say("Yes", "A new kitchen", "Next month")).text).toMatch(
      /May I have your name\?$/,
    );
    const last = scriptedReply(
      flow,
      say("Yes", "A new kitchen", "Next month", "I'm Bo", "bo@example.com"),
    );
    expect(last.text).toContain(flow.closingMessage);
    expect(last.toolCalls).toEqual([
      { name: "update_lead", arguments: { email: "bo@example.com" } },
      { name: "end_call", arguments: { reason: "completed" } },
    ]);
  });

  it("re-asks an unclear answer twice, then moves on", () => {
    expect(scriptedReply(flow, say("Yes", "what?")).text).toBe(
      "Sorry, I didn't catch that. What are you looking for help with?",
    );
    expect(scriptedReply(flow, say("Yes", "what?", "huh")).text).toMatch(
      /^Sorry, I didn't catch that/,
    );
    expect(scriptedReply(flow, say("Yes", "what?", "huh", "pardon")).text).toBe(
      "No problem, let's move on. How soon do you need it?",
    );
  });

  it("skips fields the caller already gave and closes politely when they decline", () => {
    const early = scriptedReply(flow, say("Yes, I'm Bo, bo@example.com", "A deck", "This week"));
    expect(early.text).toContain(flow.closingMessage);
    const declined = scriptedReply(flow, say("No thanks, not interested"));
    expect(declined.text).toMatch(/^No problem at all\./);
    expect(declined.toolCalls.at(-1)).toEqual({
      name: "end_call",
      arguments: { reason: "caller_declined" },
    });
  });
});

describe("tools", () => {
  it("validate their arguments", () => {
    expect(runTool({ name: "update_lead", arguments: { email: "bo@example.com" } })).toEqual({
      kind: "lead",
      fields: { email: "bo@example.com" },
    });
    expect(runTool({ name: "update_lead", arguments: { email: "not an email" } })).toBeNull();
    expect(runTool({ name: "end_call", arguments: {} })).toEqual({
      kind: "end_call",
      reason: "completed",
    });
  });
});

describe("analysis", () => {
  it("scores the weighted share of answered questions, citing each answer's line", () => {
    const turns = [
      {
        seq: 0,
        role: "agent" as const,
        text: flow.firstMessage,
        tool_calls: null,
        idempotency_key: null,
      },
      { seq: 1, role: "caller" as const, text: "yes", tool_calls: null, idempotency_key: null },
      {
        seq: 2,
        role: "agent" as const,
        text: `Thanks. ${flow.questions[0]!.text}`,
        tool_calls: null,
        idempotency_key: null,
      },
      {
        seq: 3,
        role: "caller" as const,
        text: "A new roof",
        tool_calls: null,
        idempotency_key: null,
      },
      {
        seq: 4,
        role: "agent" as const,
        text: `Got it. ${flow.questions[1]!.text}`,
        tool_calls: null,
        idempotency_key: null,
      },
      { seq: 5, role: "caller" as const, text: "hmm", tool_calls: null, idempotency_key: null },
      {
        seq: 6,
        role: "agent" as const,
        text: "Bye",
        tool_calls: [{ name: "update_lead", arguments: { name: "Bo" } }],
        idempotency_key: null,
      },
    ];
    const a = analyzeScripted(flow, turns);
    expect(a.score).toBe(62.5); // weights 5 of 5 + 3
    expect(a.evidence).toMatchObject([
      {
        questionId: "need",
        question: flow.questions[0]!.text,
        weight: 5,
        answered: true,
        turnSeq: 3,
        quote: "A new roof",
      },
      {
        questionId: "timeline",
        question: flow.questions[1]!.text,
        weight: 3,
        answered: false,
        turnSeq: null,
        quote: null,
      },
    ]);
    expect(a.lead).toEqual({ name: "Bo" });
    expect(a.summary).toMatch(/^Bo answered 1 of 2 qualification questions\./);
  });

  it("reads urgency from the caller's words", () => {
    expect(urgencyOf("we need it asap")).toBe("high");
    expect(urgencyOf("in a few weeks")).toBe("medium");
    expect(urgencyOf("no rush")).toBe("low");
  });
});

describe("priceTurn", () => {
  it("prices STT per second, LLM per token and TTS per character from one table", () => {
    const free = priceTurn({
      stt: "none",
      llm: "scripted",
      tts: "local",
      sttSeconds: 3,
      llmInputTokens: 100,
      llmOutputTokens: 50,
      ttsCharacters: 80,
    });
    expect(free.total).toBe(0);
    const paid = priceTurn({
      stt: "deepgram",
      llm: "openai",
      tts: "openai",
      sttSeconds: 60,
      llmInputTokens: 1_000_000,
      llmOutputTokens: 0,
      ttsCharacters: 1000,
    });
    expect(paid).toEqual({ stt: 0.0043, llm: 0.15, tts: 0.015, total: 0.1693 });
  });
});

describe("parseWav", () => {
  it("reads 16-bit PCM WAV and measures its duration and level", () => {
    const data = new Uint8Array(16_000 * 2);
    new DataView(data.buffer).setInt16(0, 16_000, true);
    const wav = parseWav(wavFile({ sampleRate: 16_000, data }));
    expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1, durationMs: 1000 });
    expect(rmsLevel(wav.data)).toBeGreaterThan(0);
    expect(rmsLevel(new Uint8Array(100))).toBe(0);
  });

  it("refuses anything else with 415", () => {
    expect(() => parseWav(new Uint8Array(100))).toThrow(expect.objectContaining({ status: 415 }));
  });
});
