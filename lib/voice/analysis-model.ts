// Post-call analysis by a model with structured output. The response format is derived from
// the zod schema below by the openai package's `zodResponseFormat`, and the SDK parses the
// reply with the same schema: one source of truth. A point only counts with a real caller
// line behind it, and the model must say whether that answer qualifies, not just whether
// there was one.
import type OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import type { TurnHistoryRow } from "@/lib/db/queries/calls";
import type { FlowConfig, Question } from "@/lib/validations/campaign";
import { leadFieldsFrom, updateLeadArgsSchema } from "./agent/tools";
import { type Analysis, evidenceFor, leadFromToolCalls, score } from "./analysis";

export const modelAnswerSchema = z.strictObject({
  summary: z.string().max(2000).describe("Two or three sentences for the campaign owner"),
  urgency: z.enum(["low", "medium", "high"]).describe("How soon the caller needs it"),
  lead: updateLeadArgsSchema,
  questions: z.array(
    z.strictObject({
      id: z.string().describe("The question id"),
      answered: z.boolean().describe("The caller gave a real answer"),
      qualifies: z
        .boolean()
        .describe("The answer meets the question's criterion; a no or an unsure answer does not"),
      turn_seq: z.number().int().nullable().describe("The [number] of the caller line"),
      quote: z.string().nullable().describe("The exact words from that line"),
    }),
  ),
});
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

export const ANALYSIS_FORMAT = zodResponseFormat(modelAnswerSchema, "call_analysis");

const INSTRUCTIONS =
  "You analyse a sales qualification call. For each question id, say whether the caller answered it, " +
  "whether that answer qualifies them by the question's criterion, the [number] of the caller line " +
  "that answers it (an answer may come before the question was asked; a later correction wins), and " +
  "the exact words quoted from that line. A no, a refusal or an unsure answer never qualifies. " +
  "Extract the caller's contact details only as stated (null otherwise). Urgency reflects how soon they need it.";

function criterion(q: Question): string {
  const want =
    q.qualifyIf === "yes"
      ? "qualifies on a yes"
      : q.qualifyIf === "no"
        ? "qualifies on a no"
        : "qualifies on any real answer that is not a no";
  return q.keywords?.length ? `${want} mentioning one of: ${q.keywords.join(", ")}` : want;
}

export function analysisPrompt(flow: FlowConfig, turns: TurnHistoryRow[]): string {
  const transcript = turns.map((t) => `[${t.seq}] ${t.role}: ${t.text}`).join("\n");
  const questions = flow.questions.map((q) => `${q.id}: ${q.text}`).join("\n");
  const criteria = flow.questions.map((q) => `- ${q.id} ${criterion(q)}`).join("\n");
  return `Questions:\n${questions}\n\nCriteria:\n${criteria}\n\nTranscript:\n${transcript}`;
}

/** The model's reading, held to the transcript: answers must cite a real caller line. */
export function fromModelAnswer(
  flow: FlowConfig,
  turns: TurnHistoryRow[],
  answer: ModelAnswer,
): Analysis {
  const callerLines = new Map(turns.filter((t) => t.role === "caller").map((t) => [t.seq, t.text]));
  const evidence = flow.questions.map((q) => {
    const a = answer.questions.find((x) => x.id === q.id);
    const text = a?.turn_seq != null ? callerLines.get(a.turn_seq) : undefined;
    if (!a?.answered || text === undefined) return evidenceFor(q, "unanswered", null);
    // A quote not in the line is replaced by the line.
    const quote = a.quote && text.toLowerCase().includes(a.quote.toLowerCase()) ? a.quote : text;
    const line = { seq: a.turn_seq!, text };
    return evidenceFor(q, a.qualifies ? "qualifies" : "disqualifies", line, quote);
  });
  // What the agent recorded during the call wins over the model's later reading.
  const lead = { ...leadFieldsFrom(answer.lead), ...leadFromToolCalls(turns) };
  return {
    summary: answer.summary,
    lead,
    score: score(flow, evidence, lead),
    urgency: answer.urgency,
    evidence,
    analyst: "openai",
  };
}

export async function analyzeWithModel(
  analyst: { client: OpenAI; model: string },
  flow: FlowConfig,
  turns: TurnHistoryRow[],
  signal: AbortSignal,
): Promise<Analysis> {
  const completion = await analyst.client.chat.completions.parse(
    {
      model: analyst.model,
      response_format: ANALYSIS_FORMAT,
      messages: [
        { role: "system", content: INSTRUCTIONS },
        { role: "user", content: analysisPrompt(flow, turns) },
      ],
    },
    { signal },
  );
  const answer = completion.choices[0]?.message.parsed;
  if (!answer) throw new Error("The analysis model returned no structured answer");
  return fromModelAnswer(flow, turns, answer);
}
