// Post-call scoring on both agents: the score is the weighted share of questions answered in
// a qualifying way, each point citing the caller line behind it. The scripted path runs whole
// conversations through the scripted agent; the model path asks the OpenAI stand-in for
// structured output through the real SDK.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TurnHistoryRow } from "@/lib/db/queries/calls";
import {
  defaultCampaignInput,
  type FlowConfig,
  flowConfigSchema,
} from "@/lib/validations/campaign";
import { loadNameLexicon } from "@/lib/voice/agent/names";
import { type HistoryItem, scriptedReply } from "@/lib/voice/agent/scripted";
import { analyzeScripted, analyzeWithModel, urgencyOf } from "@/lib/voice/analysis";
import { type ChatRequest, startOpenAiStandIn } from "../stand-ins/openai";

// The scripted agent's provider loads the name lexicon before its first reply; so do these tests.
await loadNameLexicon();

const flow = flowConfigSchema.parse(defaultCampaignInput().flowConfig);

/** A call as the pipeline stores it: the scripted agent answers each caller line in turn. */
function converse(f: FlowConfig, callerLines: string[]): TurnHistoryRow[] {
  const turns: TurnHistoryRow[] = [
    { seq: 0, role: "agent", text: f.firstMessage, tool_calls: null, idempotency_key: null },
  ];
  for (const text of callerLines) {
    turns.push({
      seq: turns.length,
      role: "caller",
      text,
      tool_calls: null,
      idempotency_key: null,
    });
    const reply = scriptedReply(f, turns as HistoryItem[]);
    turns.push({
      seq: turns.length,
      role: "agent",
      text: reply.text,
      tool_calls: reply.toolCalls.length ? reply.toolCalls : null,
      idempotency_key: null,
    });
  }
  return turns;
}

describe("analyzeScripted on whole scripted conversations", () => {
  it("scores a qualified caller 100, with fields, urgency and the line behind each point", () => {
    const turns = converse(flow, [
      "Yes, sure.",
      "We need a whole new kitchen.",
      "As soon as possible, this week if you can.",
      "My name is Dana Whitfield.",
      "it's dana dot whitfield at example dot com",
    ]);
    expect(turns.at(-1)!.text).toContain(flow.closingMessage);
    const a = analyzeScripted(flow, turns);
    expect(a.lead).toEqual({ name: "Dana Whitfield", email: "dana.whitfield@example.com" });
    expect(a.score).toBe(100);
    expect(a.urgency).toBe("high");
    expect(a.evidence).toEqual([
      {
        questionId: "need",
        question: "What are you looking for help with?",
        weight: 5,
        answered: true,
        qualifies: true,
        verdict: "qualifies",
        points: 5,
        turnSeq: 3,
        quote: "We need a whole new kitchen.",
      },
      {
        questionId: "timeline",
        question: "How soon do you need it?",
        weight: 3,
        answered: true,
        qualifies: true,
        verdict: "qualifies",
        points: 3,
        turnSeq: 5,
        quote: "As soon as possible, this week if you can.",
      },
    ]);
    expect(a.summary).toMatch(/^Dana Whitfield answered 2 of 2 qualification questions\./);
  });

  it("does not score an answered but unqualified call as qualified", () => {
    const turns = converse(flow, [
      "Sure",
      "Nothing really, just browsing",
      "Not anytime soon",
      "I'm Bo",
      "bo@example.com",
    ]);
    const a = analyzeScripted(flow, turns);
    expect(a.evidence.map((e) => [e.answered, e.qualifies, e.verdict, e.turnSeq])).toEqual([
      [true, false, "disqualifies", 3],
      [true, false, "disqualifies", 5],
    ]);
    expect(a.score).toBe(0);
    expect(a.urgency).toBe("low");
    expect(a.lead).toEqual({ name: "Bo", email: "bo@example.com" });
    expect(a.summary).toContain("0 of the answers qualify (score 0)");
  });

  it("cites answers given before they were asked, and takes a correction", () => {
    const turns = converse(flow, [
      "Hi, this is Diana Whitfield. We need a new roof, ideally next month.",
      "Actually it's Dana, not Diana",
      "sorry, my email is dana at example dot com",
    ]);
    const a = analyzeScripted(flow, turns);
    expect(a.lead).toEqual({ name: "Dana Whitfield", email: "dana@example.com" });
    expect(a.evidence.map((e) => [e.questionId, e.turnSeq, e.points])).toEqual([
      ["need", 1, 5],
      ["timeline", 1, 3],
    ]);
    expect(a.score).toBe(100);
    expect(a.urgency).toBe("medium");
  });

  it("weighs yes/no and keyword questions by what the owner said qualifies", () => {
    const custom = flowConfigSchema.parse({
      ...flow,
      questions: [
        { id: "owner", text: "Do you own the home?", weight: 5, qualifyIf: "yes" },
        {
          id: "contract",
          text: "Are you under contract with another installer?",
          weight: 3,
          qualifyIf: "no",
        },
        { id: "service", text: "Which service do you need?", weight: 2, keywords: ["roof"] },
      ],
      requiredFields: [],
    });
    const turns = converse(custom, ["Sure", "Yes, for ten years", "Yes, with Sunrun", "The roof"]);
    const a = analyzeScripted(custom, turns);
    expect(a.evidence.map((e) => [e.questionId, e.verdict, e.points, e.turnSeq])).toEqual([
      ["owner", "qualifies", 5, 3],
      ["contract", "disqualifies", 0, 5],
      ["service", "qualifies", 2, 7],
    ]);
    expect(a.score).toBe(70);
  });

  it("reads urgency, not mistaking 'not urgent' for urgent", () => {
    expect(urgencyOf("we need it asap")).toBe("high");
    expect(urgencyOf("in a few weeks")).toBe("medium");
    expect(urgencyOf("it's not urgent")).toBe("low");
  });
});

describe("analyzeWithModel against the OpenAI stand-in", () => {
  let stand: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let client: OpenAI;
  let answer: unknown;
  beforeAll(async () => {
    stand = await startOpenAiStandIn({
      reply: (req: ChatRequest) => (req.response_format ? { json: answer } : { tokens: ["Hi"] }),
    });
    client = new OpenAI({ apiKey: stand.apiKey, baseURL: stand.url, maxRetries: 0 });
  });
  afterAll(() => stand.close());

  const turns = converse(flow, [
    "Sure",
    "We need a new deck",
    "Not anytime soon, honestly",
    "I'm Bo",
    "bo@example.com",
  ]);

  it("asks with a strict schema derived from zod, and scores only qualifying answers", async () => {
    answer = {
      summary: "Bo wants a deck but has no timeline.",
      urgency: "low",
      lead: { name: "Bo", email: "bo@example.com", phone: null, company: "Deck Co" },
      questions: [
        { id: "need", answered: true, qualifies: true, turn_seq: 3, quote: "a new deck" },
        {
          id: "timeline",
          answered: true,
          qualifies: false,
          turn_seq: 5,
          quote: "Not anytime soon",
        },
      ],
    };
    const a = await analyzeWithModel(
      { client, model: "gpt-4o-mini" },
      flow,
      turns,
      new AbortController().signal,
    );
    const sent = stand.requests.at(-1)!.body;
    expect(sent.response_format.type).toBe("json_schema");
    expect(sent.response_format.json_schema.strict).toBe(true);
    const item = sent.response_format.json_schema.schema.properties.questions.items;
    expect(item.required).toEqual(["id", "answered", "qualifies", "turn_seq", "quote"]);
    expect(sent.messages[1].content).toContain("[3] caller: We need a new deck");
    expect(sent.messages[1].content).toContain("- need qualifies on any real answer");

    expect(a.analyst).toBe("openai");
    expect(a.score).toBe(62.5); // need (5) qualifies, timeline (3) answered but not
    expect(a.evidence.map((e) => [e.verdict, e.points, e.turnSeq, e.quote])).toEqual([
      ["qualifies", 5, 3, "a new deck"],
      ["disqualifies", 0, 5, "Not anytime soon"],
    ]);
    // The agent's update_lead calls win over the model; nulls are dropped.
    expect(a.lead).toEqual({ name: "Bo", email: "bo@example.com", company: "Deck Co" });
  });

  it("counts no point the model cannot tie to a real caller line", async () => {
    answer = {
      summary: "Made up.",
      urgency: "high",
      lead: { name: null, email: "not an email", phone: null, company: null },
      questions: [
        { id: "need", answered: true, qualifies: true, turn_seq: 2, quote: "x" }, // an agent line
        { id: "timeline", answered: true, qualifies: true, turn_seq: 99, quote: "asap" },
      ],
    };
    const a = await analyzeWithModel(
      { client, model: "gpt-4o-mini" },
      flow,
      turns,
      new AbortController().signal,
    );
    expect(a.score).toBe(0);
    expect(a.evidence.every((e) => !e.answered && e.turnSeq === null)).toBe(true);
    expect(a.lead).toEqual({ name: "Bo", email: "bo@example.com" });
  });

  it("rejects a reply that does not match the schema, so the caller falls back", async () => {
    answer = { summary: "no questions field", urgency: "low" };
    await expect(
      analyzeWithModel({ client, model: "gpt-4o-mini" }, flow, turns, new AbortController().signal),
    ).rejects.toThrow();
  });
});
