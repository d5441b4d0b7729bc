// Post-call analysis: a summary, the lead's fields, its qualification score from the
// campaign's weighted questions, urgency, and for each scored point the caller line that
// justifies it. The score is the weighted share of questions answered in a qualifying way:
// a "no", an unsure or off-criteria answer and an unanswered question all score 0, so a call
// that was merely answered does not read as qualified. With OpenAI it uses structured output
// (./analysis-model); the scripted analysis judges the answers itself and is also the
// fallback when the model fails.
import type { TurnHistoryRow } from "@/lib/db/queries/calls";
import type { FlowConfig, Question } from "@/lib/validations/campaign";
import { askedIn, judgeAnswer, questionKind, type Verdict, volunteers } from "./agent/qualify";
import { type LeadFields, leadFieldsFrom } from "./agent/tools";

export type { Verdict } from "./agent/qualify";
export { analyzeWithModel } from "./analysis-model";

export type Urgency = "low" | "medium" | "high";

export interface Evidence {
  questionId: string;
  question: string;
  weight: number;
  /** The caller gave a real answer (qualifying or not). */
  answered: boolean;
  /** ...and it qualifies them: this question's weight counts toward the score. */
  qualifies: boolean;
  verdict: Verdict;
  /** The weight earned: `weight` when it qualifies, else 0. */
  points: number;
  /** The caller turn that answers it, and the words that do. */
  turnSeq: number | null;
  quote: string | null;
}

export interface Analysis {
  summary: string;
  lead: LeadFields;
  score: number;
  urgency: Urgency;
  evidence: Evidence[];
  analyst: "openai" | "scripted";
}

const LOW =
  /\b(no rush|no hurry|not urgent|not in a hurry|no urgency|next year|someday|eventually|whenever|not (?:any ?time|anytime) soon)\b/i;
const HIGH =
  /\b(asap|as soon as possible|urgent(ly)?|immediately|right away|today|tomorrow|this week|emergency)\b/i;
const MEDIUM =
  /\b(this month|next month|soon|(a )?few weeks|couple of weeks|next week|weeks|before (the )?(winter|summer|spring|fall|holidays))\b/i;

/** Lead fields from the agent's update_lead calls, later calls winning (a correction). */
export function leadFromToolCalls(turns: TurnHistoryRow[]): LeadFields {
  const lead: LeadFields = {};
  for (const turn of turns) {
    for (const call of (turn.tool_calls as { name: string; arguments: unknown }[] | null) ?? []) {
      if (call.name === "update_lead") Object.assign(lead, leadFieldsFrom(call.arguments));
    }
  }
  return lead;
}

export function evidenceFor(
  q: Question,
  verdict: Verdict,
  line: { seq: number; text: string } | null,
  quote?: string | null,
): Evidence {
  const answered = verdict !== "unanswered" && line !== null;
  const qualifies = answered && verdict === "qualifies";
  return {
    questionId: q.id,
    question: q.text,
    weight: q.weight,
    answered,
    qualifies,
    verdict: answered ? verdict : "unanswered",
    points: qualifies ? q.weight : 0,
    turnSeq: answered ? line!.seq : null,
    quote: answered ? (quote ?? line!.text) : null,
  };
}

export function score(flow: FlowConfig, evidence: Evidence[], lead: LeadFields): number {
  const total = flow.questions.reduce((sum, q) => sum + q.weight, 0);
  if (total > 0) {
    const got = evidence.reduce((sum, e) => sum + e.points, 0);
    return Math.round((got / total) * 10_000) / 100;
  }
  // No questions: score the share of required fields captured.
  const fields = flow.requiredFields;
  return fields.length
    ? Math.round((fields.filter((f) => lead[f]).length / fields.length) * 10_000) / 100
    : 0;
}

export function urgencyOf(text: string): Urgency {
  return LOW.test(text) ? "low" : HIGH.test(text) ? "high" : MEDIUM.test(text) ? "medium" : "low";
}

/** The caller turns that answer each question: right after an agent line that asks it, or
 * said unprompted (before it was asked, or as a later correction). The latest real one wins. */
function scriptedEvidence(flow: FlowConfig, turns: TurnHistoryRow[]): Evidence[] {
  const candidates = new Map<string, TurnHistoryRow[]>(flow.questions.map((q) => [q.id, []]));
  let lastAgent: TurnHistoryRow | undefined;
  for (const turn of turns) {
    if (turn.role !== "caller") {
      if (turn.role !== "system") lastAgent = turn;
      continue;
    }
    const asked = lastAgent ? askedIn(flow.questions, lastAgent.text) : undefined;
    for (const q of flow.questions)
      if (q === asked || volunteers(q, turn.text)) candidates.get(q.id)!.push(turn);
  }
  return flow.questions.map((q) => {
    const judged = candidates
      .get(q.id)!
      .map((turn) => ({ turn, verdict: judgeAnswer(q, turn.text) }))
      .filter((c) => c.verdict !== "unanswered");
    // A bare "yes" to an open question is weaker than any real answer around it.
    const best = judged.findLast((c) => c.verdict !== "unclear") ?? judged.at(-1);
    return best ? evidenceFor(q, best.verdict, best.turn) : evidenceFor(q, "unanswered", null);
  });
}

const VERDICT_WORDS: Record<Verdict, string> = {
  qualifies: "qualifies",
  disqualifies: "does not qualify",
  unclear: "unclear",
  unanswered: "unanswered",
};

export function summarize(lead: LeadFields, evidence: Evidence[], scored: number): string {
  const who = [lead.name ?? "The caller", lead.company && `from ${lead.company}`]
    .filter(Boolean)
    .join(" ");
  const answered = evidence.filter((e) => e.answered);
  const qualifying = evidence.filter((e) => e.qualifies).length;
  const contact = [lead.email, lead.phone].filter(Boolean).join(", ");
  const n = evidence.length;
  return [
    `${who} answered ${answered.length} of ${n} qualification question${n === 1 ? "" : "s"}.`,
    `${qualifying} of the answers qualif${qualifying === 1 ? "ies" : "y"} (score ${scored}).`,
    ...answered.map((e) => `${e.question} "${e.quote}" (${VERDICT_WORDS[e.verdict]}).`),
    contact ? `Contact: ${contact}.` : "No contact details were given.",
  ].join(" ");
}

function urgencyFrom(flow: FlowConfig, evidence: Evidence[], turns: TurnHistoryRow[]): Urgency {
  const timeline = evidence.find(
    (e, i) => e.answered && questionKind(flow.questions[i]!) === "timeline",
  );
  if (timeline) return timeline.qualifies ? urgencyOf(timeline.quote!) : "low";
  return urgencyOf(
    turns
      .filter((t) => t.role === "caller")
      .map((t) => t.text)
      .join(" "),
  );
}

export function analyzeScripted(flow: FlowConfig, turns: TurnHistoryRow[]): Analysis {
  const lead = leadFromToolCalls(turns);
  const evidence = scriptedEvidence(flow, turns);
  const scored = score(flow, evidence, lead);
  return {
    summary: summarize(lead, evidence, scored),
    lead,
    score: scored,
    urgency: urgencyFrom(flow, evidence, turns),
    evidence,
    analyst: "scripted",
  };
}
