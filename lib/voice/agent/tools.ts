// The agent's tools: plain functions with zod-checked arguments, shared by the OpenAI
// adapter (as function calling) and the scripted agent (which calls them directly).
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

export const endCallSchema = z.strictObject({
  reason: z.string().trim().max(64).default("completed"),
});

export interface ToolCall {
  name: "update_lead" | "end_call";
  arguments: Record<string, unknown>;
}

/** The effect of one tool call on the conversation, or null when its arguments are invalid. */
export type ToolEffect =
  | { kind: "lead"; fields: LeadFields }
  | { kind: "end_call"; reason: string };

export function updateLead(args: unknown): ToolEffect | null {
  const parsed = leadFieldsSchema.safeParse(args);
  return parsed.success ? { kind: "lead", fields: parsed.data } : null;
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

/** Function-calling definitions for OpenAI-compatible chat completions. */
export const TOOL_DEFINITIONS = [
  {
    type: "function" as const,
    function: {
      name: "update_lead",
      description:
        "Record contact details the caller has just given. Only include fields the caller stated.",
      parameters: {
        type: "object",
        properties: {
          name: { type: "string", description: "The caller's name" },
          email: { type: "string", description: "The caller's email address" },
          phone: { type: "string", description: "The caller's phone number" },
          company: { type: "string", description: "The caller's company" },
        },
        additionalProperties: false,
      },
    },
  },
  {
    type: "function" as const,
    function: {
      name: "end_call",
      description:
        "End the call after saying goodbye: when the caller is done or every question is answered.",
      parameters: {
        type: "object",
        properties: {
          reason: { type: "string", description: "completed, caller_declined, or caller_left" },
        },
        additionalProperties: false,
      },
    },
  },
];
