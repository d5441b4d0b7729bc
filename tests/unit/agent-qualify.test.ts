// How answers count toward qualification, and how the scripted agent uses that in a call:
// answers given before they were asked, corrections, "no", and bare acknowledgements.
import { describe, expect, it } from "vitest";
import {
  defaultCampaignInput,
  type FlowConfig,
  flowConfigSchema,
  type Question,
} from "@/lib/validations/campaign";
import { loadNameLexicon } from "@/lib/voice/agent/names";
import { askedIn, judgeAnswer, type Verdict, volunteers } from "@/lib/voice/agent/qualify";
import { type HistoryItem, scriptedReply } from "@/lib/voice/agent/scripted";

// The scripted agent's provider loads the name lexicon before its first reply; so do these tests.
await loadNameLexicon();

const flow = flowConfigSchema.parse(defaultCampaignInput().flowConfig);
const [need, timeline] = flow.questions as [Question, Question];
const owner: Question = { id: "owner", text: "Do you own the home?", weight: 5, qualifyIf: "yes" };
const contract: Question = {
  id: "contract",
  text: "Are you under contract with another installer?",
  weight: 3,
  qualifyIf: "no",
};
const service: Question = {
  id: "service",
  text: "Which service are you interested in?",
  weight: 2,
  keywords: ["roof", "gutter"],
};
const budget: Question = { id: "budget", text: "What budget do you have in mind?", weight: 2 };

const verdicts: [Question, string, Verdict][] = [
  [need, "We need a whole new kitchen.", "qualifies"],
  [need, "Nothing really, just browsing", "disqualifies"],
  [need, "Just looking, thanks", "disqualifies"],
  [need, "No", "disqualifies"],
  [need, "Yes", "unclear"],
  [need, "uh, sorry, yes", "unclear"],
  [need, "I'm not sure yet", "unclear"],
  [need, "Honestly I don't need anything", "disqualifies"],
  [need, "I'd like a quote for a new fence", "qualifies"],
  [need, "what?", "unanswered"],
  [timeline, "As soon as possible", "qualifies"],
  [timeline, "Maybe next month", "qualifies"],
  [timeline, "No rush, sometime next year", "qualifies"],
  [timeline, "Not anytime soon", "disqualifies"],
  [timeline, "I don't know", "unclear"],
  [timeline, "I have no idea", "unclear"],
  [timeline, "Yes, but not sure exactly when", "unclear"],
  [timeline, "We're not in a hurry", "qualifies"],
  [timeline, "Probably in the spring", "qualifies"],
  [timeline, "hmm", "unanswered"],
  [owner, "Yes we do", "qualifies"],
  [owner, "Yeah, for ten years now", "qualifies"],
  [owner, "No, we rent", "disqualifies"],
  [owner, "Not yet, we close next month", "disqualifies"],
  [owner, "We rent", "unclear"],
  [contract, "Nope", "qualifies"],
  [contract, "No, we're free to choose", "qualifies"],
  [contract, "Yes, with Sunrun", "disqualifies"],
  [service, "The roof, mostly", "qualifies"],
  [service, "Roofing and new gutters", "qualifies"],
  [service, "Windows", "disqualifies"],
  [service, "not sure", "unclear"],
  [budget, "About 20k", "qualifies"],
  [budget, "No budget yet", "disqualifies"],
];

describe("judgeAnswer", () => {
  it.each(verdicts)("%o: %s → %s", (q, said, verdict) => {
    expect(judgeAnswer(q, said)).toBe(verdict);
  });
});

describe("volunteers and askedIn", () => {
  it("recognises answers given before the question was asked", () => {
    expect(volunteers(need, "Hi, we need a new roof before winter")).toBe(true);
    expect(volunteers(timeline, "Hi, we need a new roof before winter")).toBe(true);
    expect(volunteers(need, "Yes, sure.")).toBe(false);
    expect(volunteers(need, "I need it done")).toBe(false);
    expect(volunteers(timeline, "We need a whole new kitchen.")).toBe(false);
    expect(volunteers(service, "it's about the gutters")).toBe(true);
    expect(volunteers(owner, "yes")).toBe(false);
  });

  it("finds the question in the agent's words, exact or reworded", () => {
    expect(askedIn(flow.questions, "Got it. How soon do you need it?")).toBe(timeline);
    expect(askedIn(flow.questions, "And when do you need it, how soon?")).toBe(timeline);
    expect(askedIn(flow.questions, "May I have your name?")).toBeUndefined();
  });
});

const agentFirst = (f: FlowConfig, ...callerTexts: string[]): HistoryItem[] =>
  [
    { role: "agent" as const, text: f.firstMessage },
    ...callerTexts.flatMap((text) => [
      { role: "caller" as const, text },
      { role: "agent" as const, text: "…" },
    ]),
  ].slice(0, -1);
const say = (...callerTexts: string[]) => agentFirst(flow, ...callerTexts);

describe("scriptedReply with realistic callers", () => {
  it("does not ask again what the caller said before being asked", () => {
    const reply = scriptedReply(
      flow,
      say(
        "Hi, this is Dana Whitfield, my email is dana dot whitfield at example dot com. We need a new roof, ideally next month.",
      ),
    );
    expect(reply.text).toContain(flow.closingMessage);
    expect(reply.toolCalls).toEqual([
      {
        name: "update_lead",
        arguments: { name: "Dana Whitfield", email: "dana.whitfield@example.com" },
      },
      { name: "end_call", arguments: { reason: "completed" } },
    ]);
    const partly = scriptedReply(flow, say("Yes, I'm Bo. We need a new deck.", "This week"));
    expect(partly.text).toMatch(/What's the best email address to reach you\?$/);
  });

  it("takes corrections and says so", () => {
    const history = say("Yes", "A new deck", "Next month", "Diana Whitfield");
    expect(scriptedReply(flow, history).toolCalls).toEqual([
      { name: "update_lead", arguments: { name: "Diana Whitfield" } },
    ]);
    const fixed = scriptedReply(flow, [
      ...history,
      { role: "agent", text: "…" },
      { role: "caller", text: "Actually it's Dana, not Diana" },
    ]);
    expect(fixed.text).toMatch(/^Thanks for the correction\. What's the best email/);
    expect(fixed.toolCalls).toEqual([
      { name: "update_lead", arguments: { name: "Dana Whitfield" } },
    ]);
    const email = scriptedReply(
      flow,
      say("Yes, I'm Bo, bo@example.com", "A new deck", "sorry, my email is bo@example.org"),
    );
    expect(email.toolCalls[0]).toEqual({
      name: "update_lead",
      arguments: { email: "bo@example.org" },
    });
  });

  it("takes no for an answer: a no to the first message ends the call, a no to a question moves on", () => {
    const no = scriptedReply(flow, say("No, not right now"));
    expect(no.text).toMatch(/^No problem at all\./);
    expect(no.toolCalls.at(-1)).toEqual({
      name: "end_call",
      arguments: { reason: "caller_declined" },
    });
    expect(scriptedReply(flow, say("No, but we need a new roof")).text).toMatch(
      /How soon do you need it\?$/,
    );
    expect(scriptedReply(flow, say("Sure", "Nothing really, just browsing")).text).toMatch(
      /How soon do you need it\?$/,
    );
    const withYesNo = { ...flow, questions: [contract, need] };
    expect(
      scriptedReply(withYesNo, agentFirst(withYesNo, "Sure", "No, not interested in switching"))
        .text,
    ).toMatch(/What are you looking for help with\?$/);
  });

  it("asks an open question again after a bare yes, and moves on from a refused field", () => {
    expect(scriptedReply(flow, say("Sure", "Yes")).text).toBe(
      "Could you tell me a little more? What are you looking for help with?",
    );
    expect(scriptedReply(flow, say("Sure", "A deck", "Soon", "I'd rather not say")).text).toBe(
      "No problem, let's move on. What's the best email address to reach you?",
    );
  });

  it("reads a spoken phone number when it asked for one", () => {
    const phoneFlow = { ...flow, questions: [], requiredFields: ["phone" as const] };
    const reply = scriptedReply(
      phoneFlow,
      agentFirst(phoneFlow, "Sure", "five five five, eight six seven, five three oh nine"),
    );
    expect(reply.toolCalls[0]).toEqual({
      name: "update_lead",
      arguments: { phone: "+1 555 867 5309" },
    });
    expect(reply.text).toContain(flow.closingMessage);
  });
});
