// The campaign form's side of the shared schema: a form posted without JavaScript parses like
// the JSON the dashboard sends, and server errors land on the form's fields in page order.
import { describe, expect, it } from "vitest";
import { countFieldErrors, errorMessage } from "@/components/campaigns/form-fields";
import { fieldErrors } from "@/lib/errors";
import { campaignInputSchema, defaultCampaignInput } from "@/lib/validations/campaign";
import {
  campaignInputFromForm,
  parseKeywords,
  placeServerErrors,
  toFormValues,
} from "@/lib/validations/campaign-form";

function posted(entries: [string, string][]) {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

const base: [string, string][] = [
  ["id", "ignored-here"],
  ["name", "  Roof leads "],
  ["description", ""],
  ["flowConfig.persona", "You are a friendly roofing assistant."],
  ["flowConfig.firstMessage", "Hi!"],
  ["flowConfig.closingMessage", "Bye!"],
  ["flowConfig.questions.0.id", "need"],
  ["flowConfig.questions.0.text", "What do you need?"],
  ["flowConfig.questions.0.weight", "5"],
  ["flowConfig.questions.0.qualifyIf", ""],
  ["flowConfig.questions.0.keywords", ""],
  // A removed question leaves a gap in the indexes.
  ["flowConfig.questions.2.id", "leak"],
  ["flowConfig.questions.2.text", "Is the roof leaking?"],
  ["flowConfig.questions.2.weight", "3"],
  ["flowConfig.questions.2.qualifyIf", "yes"],
  ["flowConfig.questions.2.keywords", "leak, drip ,, "],
  ["flowConfig.requiredFields", "email"],
  ["flowConfig.requiredFields", "name"],
  ["voiceSettings.voice", "nova"],
  ["voiceSettings.language", "en-US"],
  ["voiceSettings.speed", "1.2"],
  ["voiceSettings.turnTaking", "patient"],
  ["voiceSettings.idleSeconds", "30"],
  ["flowConfig.consentNotice", "This call is recorded."],
];

describe("campaignInputFromForm", () => {
  it("turns a posted form into input the campaign schema accepts", () => {
    const parsed = campaignInputSchema.parse(campaignInputFromForm(posted(base)));
    expect(parsed.name).toBe("Roof leads");
    expect(parsed.flowConfig.questions).toEqual([
      { id: "need", text: "What do you need?", weight: 5 },
      {
        id: "leak",
        text: "Is the roof leaking?",
        weight: 3,
        qualifyIf: "yes",
        keywords: ["leak", "drip"],
      },
    ]);
    expect(parsed.flowConfig.requiredFields).toEqual(["name", "email"]);
    expect(parsed.voiceSettings).toEqual({
      voice: "nova",
      language: "en-US",
      speed: 1.2,
      turnTaking: "patient",
      idleSeconds: 30,
    });
  });

  it("reads the qualify threshold, and leaves it unset when the form has no such field", () => {
    const withThreshold = campaignInputSchema.parse(
      campaignInputFromForm(posted([...base, ["flowConfig.qualifyThreshold", "75"]])),
    );
    expect(withThreshold.flowConfig.qualifyThreshold).toBe(75);
    const without = campaignInputSchema.parse(campaignInputFromForm(posted(base)));
    expect(without.flowConfig.qualifyThreshold).toBeUndefined();
    const outOfRange = campaignInputSchema.safeParse(
      campaignInputFromForm(posted([...base, ["flowConfig.qualifyThreshold", "0"]])),
    );
    expect(fieldErrors(outOfRange.error!)["flowConfig.qualifyThreshold"]).toBe(
      "Threshold must be between 1 and 100",
    );
  });

  it("reads an emptied number as not a number, not as 0", () => {
    const entries = base.map(([k, v]): [string, string] =>
      k === "flowConfig.questions.0.weight" ? [k, " "] : [k, v],
    );
    const result = campaignInputSchema.safeParse(campaignInputFromForm(posted(entries)));
    expect(fieldErrors(result.error!)["flowConfig.questions.0.weight"]).toBe(
      "Weight must be a number",
    );
  });
});

describe("placeServerErrors", () => {
  it("orders errors as the form shows them and lifts deep paths onto their field", () => {
    const { errors, other } = placeServerErrors(
      {
        "voiceSettings.idleSeconds": "Idle time must be between 5 and 120 seconds",
        "flowConfig.questions.1.keywords.3": "Keywords must be at most 60 characters",
        name: "Name is required",
        _: "Something else",
      },
      2,
    );
    expect(errors.map(([path]) => path)).toEqual([
      "name",
      "flowConfig.questions.1.keywords",
      "voiceSettings.idleSeconds",
    ]);
    expect(other).toEqual(["Something else"]);
  });
});

describe("form helpers", () => {
  it("fills in call settings a campaign was saved without", () => {
    const input = defaultCampaignInput();
    delete input.voiceSettings.turnTaking;
    delete input.flowConfig.consentNotice;
    const values = toFormValues(input);
    expect(values.voiceSettings.turnTaking).toBe("balanced");
    expect(values.flowConfig.qualifyThreshold).toBe(60);
    expect(values.flowConfig.consentNotice).toMatch(/AI voice agent/);
    // Every question key present, so the form's dirty check does not see a key appear.
    for (const q of values.flowConfig.questions) {
      expect(Object.keys(q).sort()).toEqual(["id", "keywords", "qualifyIf", "text", "weight"]);
    }
  });

  it("parses keywords and finds nested error messages", () => {
    expect(parseKeywords(" , ")).toBeUndefined();
    expect(parseKeywords("a,b")).toEqual(["a", "b"]);
    const errors = {
      name: { type: "too_small", message: "Name is required" },
      flowConfig: { questions: [undefined, { keywords: [undefined, { message: "Too long" }] }] },
    };
    expect(errorMessage(errors.flowConfig.questions[1])).toBe("Too long");
    expect(countFieldErrors(errors)).toBe(2);
  });
});
