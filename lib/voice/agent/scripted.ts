// The embedded scripted agent. It follows the campaign's flow: after the first message it
// asks each qualification question in order, re-asks when an answer is missing (twice at
// most, then moves on), collects the required lead fields it does not have yet, and closes
// with the campaign's closing message. Its state is replayed from the transcript on every
// turn, so no process holds a call open.
import type { FlowConfig, LeadField, Question } from "@/lib/validations/campaign";
import { extractLeadFields, isAnswer } from "./extract";
import type { LeadFields, ToolCall } from "./tools";

export interface HistoryItem {
  role: "caller" | "agent" | "human" | "system";
  text: string;
}

type Item = { kind: "question"; question: Question } | { kind: "field"; field: LeadField };

const DECLINE =
  /\b(not interested|no thanks|no,? thank you|stop calling|(good)?bye|hang up|not now|i'?m busy|wrong number)\b/i;
const MAX_REASKS = 2;

const FIELD_PROMPTS: Record<LeadField, { ask: string; again: string }> = {
  name: {
    ask: "May I have your name?",
    again: "Sorry, I didn't catch your name. Could you say it again?",
  },
  email: {
    ask: "What's the best email address to reach you?",
    again: "Sorry, I didn't get that email. Could you say it again, like name at example dot com?",
  },
  phone: {
    ask: "What's a good phone number for you?",
    again: "Could you repeat the number, digit by digit?",
  },
  company: { ask: "Which company are you with?", again: "Sorry, which company was that?" },
};
const ACKS = ["Thanks.", "Got it.", "Great, thank you.", "Perfect."];

export interface ScriptedReply {
  text: string;
  toolCalls: ToolCall[];
}

export function scriptedReply(flow: FlowConfig, history: HistoryItem[]): ScriptedReply {
  const items: Item[] = [
    ...flow.questions.map((question) => ({ kind: "question" as const, question })),
    ...flow.requiredFields.map((field) => ({ kind: "field" as const, field })),
  ];
  const lead: LeadFields = {};
  const settled = new Set<Item>(); // answered, captured or given up on
  let pending: Item | null = null;
  let reasks = 0;
  let ended = false;
  let reply: ScriptedReply = { text: flow.firstMessage, toolCalls: [] };

  const nextItem = () =>
    items.find((item) => !settled.has(item) && (item.kind === "question" || !lead[item.field])) ??
    null;
  const ask = (item: Item) =>
    item.kind === "question" ? item.question.text : FIELD_PROMPTS[item.field].ask;

  const callerTexts = history.filter((h) => h.role === "caller").map((h) => h.text.trim());
  callerTexts.forEach((text, turn) => {
    const expecting = pending?.kind === "field" ? pending.field : undefined;
    const found = extractLeadFields(text, expecting);
    // A field already captured only changes when the agent asked for it again (a correction).
    const fresh = Object.fromEntries(
      Object.entries(found).filter(
        ([k, v]) => lead[k as keyof LeadFields] === undefined || (expecting === k && lead[k] !== v),
      ),
    ) as LeadFields;
    Object.assign(lead, fresh);
    const toolCalls: ToolCall[] = Object.keys(fresh).length
      ? [{ name: "update_lead", arguments: fresh }]
      : [];
    const close = (text: string, reason: string) => {
      ended = true;
      pending = null;
      reply = { text, toolCalls: [...toolCalls, { name: "end_call", arguments: { reason } }] };
    };

    if (ended) {
      close("Thanks again for your time. Goodbye!", "completed");
      return;
    }
    if (!text) {
      reply = {
        text: `Sorry, I didn't catch that. ${pending ? ask(pending) : "Could you say that again?"}`,
        toolCalls,
      };
      return;
    }
    if (DECLINE.test(text) && !Object.keys(fresh).length) {
      close(`No problem at all. ${flow.closingMessage}`, "caller_declined");
      return;
    }

    let prefix = fresh.name
      ? `Nice to meet you, ${fresh.name.split(" ")[0]}.`
      : ACKS[turn % ACKS.length]!;
    if (pending) {
      const answered = pending.kind === "question" ? isAnswer(text) : !!lead[pending.field];
      if (answered || reasks >= MAX_REASKS) {
        if (!answered) prefix = "No problem, let's move on.";
        settled.add(pending);
        reasks = 0;
      } else {
        reasks++;
        const again =
          pending.kind === "question"
            ? `Sorry, I didn't catch that. ${ask(pending)}`
            : FIELD_PROMPTS[pending.field].again;
        reply = { text: again, toolCalls };
        return;
      }
    }
    pending = nextItem();
    if (!pending) {
      close(`${prefix} ${flow.closingMessage}`, "completed");
      return;
    }
    reply = { text: `${prefix} ${ask(pending)}`, toolCalls };
  });
  return reply;
}
