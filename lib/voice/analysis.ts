// Post-call analysis: a summary, the lead's fields, its qualification score from the
// campaign's weighted questions, urgency, and for each scored point the transcript line
// that justifies it. With OpenAI it uses structured output; the scripted analysis reads the
// captured fields and answers directly, and is also the fallback when the model fails.
import type OpenAI from "openai";
import { z } from "zod";
import type { TurnHistoryRow } from "@/lib/db/queries/calls";
import type { FlowConfig } from "@/lib/validations/campaign";
import { isAnswer } from "./agent/extract";
import { type LeadFields, leadFieldsSchema } from "./agent/tools";

export type Urgency = "low" | "medium" | "high";

export interface Evidence {
  questionId: string;
  question: string;
  weight: number;
  answered: boolean;
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

const HIGH =
  /\b(asap|as soon as possible|urgent(ly)?|immediately|right away|today|tomorrow|this week|emergency)\b/i;
const MEDIUM = /\b(this month|next month|soon|(a )?few weeks|couple of weeks|next week|weeks)\b/i;

/** Lead fields from the agent's update_lead calls, later calls winning. */
export function leadFromToolCalls(turns: TurnHistoryRow[]): LeadFields {
  const lead: LeadFields = {};
  for (const turn of turns) {
    for (const call of (turn.tool_calls as { name: string; arguments: unknown }[] | null) ?? []) {
      if (call.name !== "update_lead") continue;
      const parsed = leadFieldsSchema.safeParse(call.arguments);
      if (parsed.success) Object.assign(lead, parsed.data);
    }
  }
  return lead;
}

export function score(flow: FlowConfig, evidence: Evidence[], lead: LeadFields): number {
  const total = flow.questions.reduce((sum, q) => sum + q.weight, 0);
  if (total > 0) {
    const got = evidence.filter((e) => e.answered).reduce((sum, e) => sum + e.weight, 0);
    return Math.round((got / total) * 10_000) / 100;
  }
  // No questions: score the share of required fields captured.
  const fields = flow.requiredFields;
  return fields.length
    ? Math.round((fields.filter((f) => lead[f]).length / fields.length) * 10_000) / 100
    : 0;
}

export function urgencyOf(text: string): Urgency {
  return HIGH.test(text) ? "high" : MEDIUM.test(text) ? "medium" : "low";
}

/** Each question's answer: the caller turn right after the agent last asked it. */
function scriptedEvidence(flow: FlowConfig, turns: TurnHistoryRow[]): Evidence[] {
  return flow.questions.map((q) => {
    const askedAt = turns.findLastIndex((t) => t.role === "agent" && t.text.includes(q.text));
    const answer =
      askedAt >= 0 ? turns.slice(askedAt + 1).find((t) => t.role === "caller") : undefined;
    const answered = !!answer && isAnswer(answer.text);
    return {
      questionId: q.id,
      question: q.text,
      weight: q.weight,
      answered,
      turnSeq: answered ? answer!.seq : null,
      quote: answered ? answer!.text : null,
    };
  });
}

function summarize(lead: LeadFields, evidence: Evidence[]): string {
  const who = [lead.name ?? "The caller", lead.company && `from ${lead.company}`]
    .filter(Boolean)
    .join(" ");
  const answered = evidence.filter((e) => e.answered);
  const contact = [lead.email, lead.phone].filter(Boolean).join(", ");
  const parts = [
    `${who} answered ${answered.length} of ${evidence.length} qualification question${evidence.length === 1 ? "" : "s"}.`,
    ...answered.map((e) => `${e.question} "${e.quote}"`),
    contact ? `Contact: ${contact}.` : "No contact details were given.",
  ];
  return parts.join(" ");
}

export function analyzeScripted(flow: FlowConfig, turns: TurnHistoryRow[]): Analysis {
  const lead = leadFromToolCalls(turns);
  const evidence = scriptedEvidence(flow, turns);
  const answers = evidence.map((e) => e.quote ?? "").join(" ");
  return {
    summary: summarize(lead, evidence),
    lead,
    score: score(flow, evidence, lead),
    urgency: urgencyOf(
      answers ||
        turns
          .filter((t) => t.role === "caller")
          .map((t) => t.text)
          .join(" "),
    ),
    evidence,
    analyst: "scripted",
  };
}

const modelAnswer = z.object({
  summary: z.string().max(2000),
  urgency: z.enum(["low", "medium", "high"]),
  lead: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    company: z.string().nullable(),
  }),
  questions: z.array(
    z.object({
      id: z.string(),
      answered: z.boolean(),
      turn_seq: z.number().int().nullable(),
      quote: z.string().nullable(),
    }),
  ),
});

const RESPONSE_FORMAT = {
  type: "json_schema" as const,
  json_schema: {
    name: "call_analysis",
    strict: true,
    schema: {
      type: "object",
      additionalProperties: false,
      required: ["summary", "urgency", "lead", "questions"],
      properties: {
        summary: { type: "string" },
        urgency: { type: "string", enum: ["low", "medium", "high"] },
        lead: {
          type: "object",
          additionalProperties: false,
          required: ["name", "email", "phone", "company"],
          properties: Object.fromEntries(
            ["name", "email", "phone", "company"].map((k) => [k, { type: ["string", "null"] }]),
          ),
        },
        questions: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["id", "answered", "turn_seq", "quote"],
            properties: {
              id: { type: "string" },
              answered: { type: "boolean" },
              turn_seq: { type: ["integer", "null"] },
              quote: { type: ["string", "null"] },
            },
          },
        },
      },
    },
  },
};

export async function analyzeWithModel(
  analyst: { client: OpenAI; model: string },
  flow: FlowConfig,
  turns: TurnHistoryRow[],
  signal: AbortSignal,
): Promise<Analysis> {
  const transcript = turns.map((t) => `[${t.seq}] ${t.role}: ${t.text}`).join("\n");
  const questions = flow.questions.map((q) => `${q.id}: ${q.text}`).join("\n");
  const completion = await analyst.client.chat.completions.create(
    {
      model: analyst.model,
      response_format: RESPONSE_FORMAT,
      messages: [
        {
          role: "system",
          content:
            "You analyse a sales qualification call. For each question id, say whether the caller answered it, " +
            "the [number] of the caller line that answers it, and the exact words quoted from that line. " +
            "Extract the caller's contact details only as stated. Urgency reflects how soon they need it.",
        },
        { role: "user", content: `Questions:\n${questions}\n\nTranscript:\n${transcript}` },
      ],
    },
    { signal },
  );
  const answer = modelAnswer.parse(JSON.parse(completion.choices[0]?.message.content ?? ""));
  const callerLines = new Map(turns.filter((t) => t.role === "caller").map((t) => [t.seq, t.text]));
  const evidence: Evidence[] = flow.questions.map((q) => {
    const a = answer.questions.find((x) => x.id === q.id);
    const line = a?.turn_seq != null ? callerLines.get(a.turn_seq) : undefined;
    // A point only counts with a real caller line behind it; a quote not in it is replaced by the line.
    const answered = !!a?.answered && line !== undefined;
    const quote = answered
      ? a!.quote && line!.toLowerCase().includes(a!.quote.toLowerCase())
        ? a!.quote
        : line!
      : null;
    return {
      questionId: q.id,
      question: q.text,
      weight: q.weight,
      answered,
      turnSeq: answered ? a!.turn_seq : null,
      quote,
    };
  });
  const fromModel = Object.fromEntries(Object.entries(answer.lead).filter(([, v]) => v)) as Record<
    string,
    string
  >;
  const modelLead = leadFieldsSchema.partial().safeParse(fromModel);
  // What the agent recorded during the call wins over the model's later reading.
  const lead = { ...(modelLead.success ? modelLead.data : {}), ...leadFromToolCalls(turns) };
  return {
    summary: answer.summary,
    lead,
    score: score(flow, evidence, lead),
    urgency: answer.urgency,
    evidence,
    analyst: "openai",
  };
}
