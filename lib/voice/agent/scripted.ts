// The embedded scripted agent. It follows the campaign's flow: after the first message it
// asks each qualification question in order, re-asks when an answer is missing (twice at
// most, then moves on), collects the required lead fields it does not have yet, and closes
// with the campaign's closing message. What the caller says before being asked (a name, an
// email, "we need a new roof by next month") counts, so it is not asked again; a detail
// said again replaces the earlier one (a correction). Its state is replayed from the
// transcript on every turn, so no process holds a call open.
import type { FlowConfig, LeadField, Question } from "@/lib/validations/campaign";
import { extractLeadFields, isAnswer } from "./extract";
import { isBareAck, polarity, questionKind, volunteers } from "./qualify";
import type { LeadFields, ToolCall } from "./tools";

export interface HistoryItem {
  role: "caller" | "agent" | "human_agent" | "system";
  text: string;
}

type Item = { kind: "question"; question: Question } | { kind: "field"; field: LeadField };

/** Words that end the call whatever was asked. */
const HANG_UP = /\b(stop calling|(good)?bye|hang up|wrong number|take me off|don'?t call)\b/i;
/** Words that end it unless they answer a yes/no question ("Are you interested in…?"). */
const DECLINE = /\b(not interested|no thanks|no,? thank you|not now|i'?m busy|bad time)\b/i;
const REFUSE = /\b(rather not|prefer not|don'?t want to (say|give|share)|not comfortable|skip)\b/i;
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

interface State {
  flow: FlowConfig;
  items: Item[];
  lead: LeadFields;
  settled: Set<Item>; // answered, captured or given up on
  pending: Item | null;
  reasks: number;
  ended: boolean;
  reply: ScriptedReply;
}

const ask = (item: Item) =>
  item.kind === "question" ? item.question.text : FIELD_PROMPTS[item.field].ask;

function nextItem(s: State): Item | null {
  return (
    s.items.find(
      (item) => !s.settled.has(item) && (item.kind === "question" || !s.lead[item.field]),
    ) ?? null
  );
}

/** Takes what the caller stated; returns the fields that changed and whether one was corrected. */
function capture(s: State, text: string) {
  const expecting = s.pending?.kind === "field" ? s.pending.field : undefined;
  const found = extractLeadFields(text, expecting, s.lead);
  const fresh = Object.fromEntries(
    Object.entries(found).filter(([k, v]) => s.lead[k as keyof LeadFields] !== v),
  ) as LeadFields;
  const corrected = Object.keys(fresh).some((k) => s.lead[k as keyof LeadFields] !== undefined);
  Object.assign(s.lead, fresh);
  return { fresh, corrected };
}

/** Whether the caller is ending the call rather than answering. */
function declines(s: State, text: string, gaveDetails: boolean): boolean {
  if (gaveDetails) return false;
  if (HANG_UP.test(text)) return true;
  const yesNo = s.pending?.kind === "question" && questionKind(s.pending.question) === "yesno";
  if (DECLINE.test(text)) return !yesNo;
  // "No" to a first message that asks for a minute (not "No, but we need a new roof").
  const greeting = !s.pending && s.settled.size === 0 && s.flow.firstMessage.trim().endsWith("?");
  const saysMore =
    /\bbut\b/i.test(text) ||
    s.items.some((item) => item.kind === "question" && volunteers(item.question, text));
  return greeting && !saysMore && polarity(text, "yesno") === "no";
}

/** Whether the pending item is done with; otherwise the words to ask it again. */
function settlePending(s: State, text: string): { done: boolean; again?: string } {
  const item = s.pending;
  if (!item) return { done: true };
  const answered =
    item.kind === "question"
      ? isAnswer(text) && !isBareAck(item.question, text)
      : !!s.lead[item.field] || REFUSE.test(text);
  if (answered || s.reasks >= MAX_REASKS) return { done: true };
  const again =
    item.kind === "field"
      ? FIELD_PROMPTS[item.field].again
      : isAnswer(text)
        ? `Could you tell me a little more? ${ask(item)}`
        : `Sorry, I didn't catch that. ${ask(item)}`;
  return { done: false, again };
}

function close(s: State, text: string, reason: string, toolCalls: ToolCall[]) {
  s.ended = true;
  s.pending = null;
  s.reply = { text, toolCalls: [...toolCalls, { name: "end_call", arguments: { reason } }] };
}

function step(s: State, text: string, turn: number) {
  const { fresh, corrected } = capture(s, text);
  const toolCalls: ToolCall[] = Object.keys(fresh).length
    ? [{ name: "update_lead", arguments: fresh }]
    : [];
  if (s.ended) return close(s, "Thanks again for your time. Goodbye!", "completed", toolCalls);
  if (!text) {
    const again = s.pending ? ask(s.pending) : "Could you say that again?";
    s.reply = { text: `Sorry, I didn't catch that. ${again}`, toolCalls };
    return;
  }
  if (declines(s, text, Object.keys(fresh).length > 0))
    return close(s, `No problem at all. ${s.flow.closingMessage}`, "caller_declined", toolCalls);

  // Answers given before they were asked settle those questions now.
  for (const item of s.items)
    if (item.kind === "question" && item !== s.pending && volunteers(item.question, text))
      s.settled.add(item);
  let prefix = corrected
    ? "Thanks for the correction."
    : fresh.name
      ? `Nice to meet you, ${fresh.name.split(" ")[0]}.`
      : ACKS[turn % ACKS.length]!;
  const pending = settlePending(s, text);
  if (!pending.done) {
    // Something else was given or corrected: thank them and ask again, without counting it.
    if (Object.keys(fresh).length) s.reply = { text: `${prefix} ${ask(s.pending!)}`, toolCalls };
    else {
      s.reasks++;
      s.reply = { text: pending.again!, toolCalls };
    }
    return;
  }
  if (s.pending) {
    const gaveUp = s.pending.kind === "field" ? !s.lead[s.pending.field] : !isAnswer(text);
    if (gaveUp) prefix = "No problem, let's move on.";
    s.settled.add(s.pending);
    s.reasks = 0;
  }
  s.pending = nextItem(s);
  if (!s.pending) {
    // "Got it. Thanks, that's everything" but not "Great, thank you. Thanks, …".
    const lead = /^thank/i.test(s.flow.closingMessage) && /thank/i.test(prefix) ? "" : `${prefix} `;
    return close(s, `${lead}${s.flow.closingMessage}`, "completed", toolCalls);
  }
  s.reply = { text: `${prefix} ${ask(s.pending)}`, toolCalls };
}

export function scriptedReply(flow: FlowConfig, history: HistoryItem[]): ScriptedReply {
  const s: State = {
    flow,
    items: [
      ...flow.questions.map((question) => ({ kind: "question" as const, question })),
      ...flow.requiredFields.map((field) => ({ kind: "field" as const, field })),
    ],
    lead: {},
    settled: new Set(),
    pending: null,
    reasks: 0,
    ended: false,
    reply: { text: flow.firstMessage, toolCalls: [] },
  };
  history
    .filter((h) => h.role === "caller")
    .forEach((h, turn) => {
      step(s, h.text.trim(), turn);
    });
  return s.reply;
}
