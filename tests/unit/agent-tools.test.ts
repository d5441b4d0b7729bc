// The agent's tools: the function-calling schemas the model sees are derived from the zod
// schemas (openai/helpers/zod), strict, and runTool accepts what such a model sends.
import { describe, expect, it } from "vitest";
import { questionSchema } from "@/lib/validations/campaign";
import { leadFieldsFrom, runTool, TOOL_DEFINITIONS } from "@/lib/voice/agent/tools";

describe("tool definitions", () => {
  it("are strict JSON schemas with every property required (nullable when optional)", () => {
    const [update, end] = TOOL_DEFINITIONS as [
      (typeof TOOL_DEFINITIONS)[number],
      (typeof TOOL_DEFINITIONS)[number],
    ];
    expect(update.function.name).toBe("update_lead");
    expect(update.function.strict).toBe(true);
    expect(update.function.parameters).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["name", "email", "phone", "company"],
      properties: { email: { type: ["string", "null"] } },
    });
    expect(end.function.parameters).toMatchObject({
      required: ["reason"],
      properties: { reason: { enum: ["completed", "caller_declined", "caller_left"] } },
    });
  });

  it("runTool keeps the valid stated fields and drops nulls", () => {
    expect(
      runTool({
        name: "update_lead",
        arguments: { name: "Dana", email: null, phone: "+1 555 867 5309", company: null },
      }),
    ).toEqual({ kind: "lead", fields: { name: "Dana", phone: "+1 555 867 5309" } });
    expect(leadFieldsFrom({ email: "not an email", name: "Bo" })).toEqual({ name: "Bo" });
    expect(runTool({ name: "update_lead", arguments: { email: "not an email" } })).toBeNull();
    expect(runTool({ name: "end_call", arguments: { reason: "caller_declined" } })).toEqual({
      kind: "end_call",
      reason: "caller_declined",
    });
    // An unknown reason still ends the call.
    expect(runTool({ name: "end_call", arguments: { reason: "tired" } })).toEqual({
      kind: "end_call",
      reason: "completed",
    });
  });
});

describe("question criteria in the campaign schema", () => {
  it("are optional, and checked when given", () => {
    const base = { id: "owner", text: "Do you own the home?", weight: 5 };
    expect(questionSchema.parse(base)).toEqual(base);
    expect(questionSchema.parse({ ...base, qualifyIf: "yes", keywords: [" roof "] })).toEqual({
      ...base,
      qualifyIf: "yes",
      keywords: ["roof"],
    });
    expect(questionSchema.safeParse({ ...base, qualifyIf: "maybe" }).success).toBe(false);
    expect(questionSchema.safeParse({ ...base, keywords: [""] }).success).toBe(false);
  });
});
