// The agent's tools: plain functions with zod-checked arguments, shared by the OpenAI
// adapter (as function calling) and the scripted agent (which calls them directly). The
// function-calling definitions are derived from the same zod schemas by the openai
// package's `zodFunction`, so what the model is told and what we accept cannot drift.
import { zodFunction } from "openai/helpers/zod";
import { z } from "zod";

export const leadFieldsSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{7,40}$/)
    .optional(),
  company: z.string().trim().min(1).max(200).optional(),
});
export type LeadFields = z.infer<typeof leadFieldsSchema>;

/** update_lead as the model sees it. Strict structured outputs require every property, so a
 * field the caller did not state is null rather than absent (`.optional()` is refused). */
export const updateLeadArgsSchema = z.strictObject({
  name: z.string().nullable().describe("The caller's name, as they said it, or null"),
  email: z.string().nullable().describe("The caller's email address, or null"),
  phone: z.string().nullable().describe("The caller's phone number, or null"),
  company: z.string().nullable().describe("The caller's company, or null"),
});

export const END_REASONS = ["completed", "caller_declined", "caller_left"] as const;
export const endCallSchema = z.strictObject({
  reason: z
    .enum(END_REASONS)
    .describe("completed, caller_declined, or caller_left")
    // Any other reason still ends the call: a goodbye must never be ignored over a label.
    .catch("completed"),
});

export interface ToolCall {
  name: "update_lead" | "end_call";
  arguments: Record<string, unknown>;
}

/** The effect of one tool call on the conversation, or null when its arguments are invalid. */
export type ToolEffect =
  | { kind: "lead"; fields: LeadFields }
  | { kind: "end_call"; reason: string };

/** The valid fields among stated ones (null, empty or malformed ones are dropped). */
export function leadFieldsFrom(args: unknown): LeadFields {
  if (!args || typeof args !== "object") return {};
  const fields: LeadFields = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === null || value === undefined || value === "") continue;
    const one = leadFieldsSchema.safeParse({ [key]: value });
    if (one.success) Object.assign(fields, one.data);
  }
  return fields;
}

export function updateLead(args: unknown): ToolEffect | null {
  const fields = leadFieldsFrom(args);
  return Object.keys(fields).length ? { kind: "lead", fields } : null;
}

export function endCall(args: unknown): ToolEffect | null {
  const parsed = endCallSchema.safeParse(args ?? {});
  return parsed.success ? { kind: "end_call", reason: parsed.data.reason } : null;
}

export function runTool(call: ToolCall): ToolEffect | null {
  return call.name === "update_lead"
    ? updateLead(call.arguments)
    : call.name === "end_call"
      ? endCall(call.arguments)
      : null;
}

/** Function-calling definitions for OpenAI-compatible chat completions (strict schemas). */
export const TOOL_DEFINITIONS = [
  zodFunction({
    name: "update_lead",
    description:
      "Record contact details the caller has just given or corrected. Set only the fields the caller stated; the others are null.",
    parameters: updateLeadArgsSchema,
  }),
  zodFunction({
    name: "end_call",
    description:
      "End the call after saying goodbye: when the caller is done or every question is answered.",
    parameters: endCallSchema,
  }),
];
