// The campaign form's view of the shared campaign schema: its values with every call setting
// filled in, the order its fields appear in (to find "the first error"), and how a posted
// form (no JavaScript) turns back into the input campaignInputSchema parses.
import type { z } from "zod";
import {
  type CampaignInput,
  callSettings,
  type campaignInputSchema,
  consentNoticeOf,
  LEAD_FIELDS,
  type Question,
  qualifyThreshold,
} from "@/lib/validations/campaign";

export type CampaignFormValues = CampaignInput;
export type CampaignFormOutput = z.output<typeof campaignInputSchema>;

/** A question with every key present: `qualifyIf` and `keywords` undefined when unset. */
export const questionValues = (q: Question): Question => ({
  id: q.id,
  text: q.text,
  weight: q.weight,
  qualifyIf: q.qualifyIf,
  keywords: q.keywords,
});

/**
 * A stored or default campaign as form values: settings saved before they existed get
 * defaults, and optional question keys are present (react-hook-form compares values key by
 * key, so a key its controls add would otherwise mark a just-saved form as edited).
 */
export function toFormValues(c: CampaignInput): CampaignFormValues {
  return {
    name: c.name,
    description: c.description ?? "",
    voiceSettings: { ...c.voiceSettings, ...callSettings(c.voiceSettings) },
    flowConfig: {
      ...c.flowConfig,
      questions: c.flowConfig.questions.map(questionValues),
      qualifyThreshold: qualifyThreshold(c.flowConfig),
      consentNotice: consentNoticeOf(c.flowConfig),
    },
  };
}

let lastQuestion = 0;
/** A question id no other question in the list has. */
export function newQuestionId(existing: Pick<Question, "id">[]): string {
  let id: string;
  do id = `q${++lastQuestion}`;
  while (existing.some((q) => q.id === id));
  return id;
}

/** "roof, gutters ,  " → ["roof", "gutters"]; what the keywords box holds, as the schema wants it. */
export function parseKeywords(text: string): string[] | undefined {
  const words = text
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  return words.length ? words : undefined;
}

const QUESTION_FIELDS = ["text", "weight", "qualifyIf", "keywords"] as const;

/** Field paths in the order the form shows them, for `questionCount` questions. */
export function formFieldOrder(questionCount: number): string[] {
  const questions = Array.from({ length: questionCount }, (_, i) =>
    QUESTION_FIELDS.map((f) => `flowConfig.questions.${i}.${f}`),
  ).flat();
  return [
    "name",
    "description",
    "flowConfig.persona",
    "flowConfig.firstMessage",
    "flowConfig.closingMessage",
    ...questions,
    "flowConfig.questions",
    "flowConfig.qualifyThreshold",
    "flowConfig.requiredFields",
    "voiceSettings.voice",
    "voiceSettings.language",
    "voiceSettings.speed",
    "flowConfig.consentNotice",
    "voiceSettings.turnTaking",
    "voiceSettings.idleSeconds",
  ];
}

/**
 * Server errors ({ "flowConfig.questions.1.keywords.3": "..." }) placed on the form's fields,
 * in form order. A path deeper than any field lands on the field that holds it; a path that
 * is no field at all (an unknown campaign, "_") is returned as `other`.
 */
export function placeServerErrors(fields: Record<string, string>, questionCount: number) {
  const order = formFieldOrder(questionCount);
  const placed = new Map<string, string>();
  const other: string[] = [];
  for (const [path, message] of Object.entries(fields)) {
    const parts = path.split(".");
    let field: string | undefined;
    for (let n = parts.length; n > 0 && !field; n--) {
      const candidate = parts.slice(0, n).join(".");
      if (order.includes(candidate)) field = candidate;
    }
    if (field) {
      if (!placed.has(field)) placed.set(field, message);
    } else other.push(message);
  }
  const errors = order.filter((f) => placed.has(f)).map((f) => [f, placed.get(f)!] as const);
  return { errors, other };
}

const str = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : "";
};
/** "" → NaN, as an emptied number input reads in the browser ("must be a number"), not 0. */
const num = (form: FormData, key: string) => {
  const v = str(form, key).trim();
  return v ? Number(v) : Number.NaN;
};

/**
 * A posted campaign form (JavaScript off) as form values: what the campaign schema parses,
 * and what the form shows again when the server rejects it. Not validated here.
 */
export function campaignInputFromForm(form: FormData): CampaignFormValues {
  const indexes = new Set<number>();
  for (const key of form.keys()) {
    const m = /^flowConfig\.questions\.(\d+)\./.exec(key);
    if (m) indexes.add(Number(m[1]));
  }
  const questions = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => {
      const at = `flowConfig.questions.${i}`;
      const q: Record<string, unknown> = {
        id: str(form, `${at}.id`),
        text: str(form, `${at}.text`),
        weight: num(form, `${at}.weight`),
      };
      const qualifyIf = str(form, `${at}.qualifyIf`);
      if (qualifyIf) q.qualifyIf = qualifyIf;
      const keywords = parseKeywords(str(form, `${at}.keywords`));
      if (keywords) q.keywords = keywords;
      return q as Question;
    });
  const required = form.getAll("flowConfig.requiredFields").map(String);
  // Unchecked: the voice and language are whatever was posted until the schema says otherwise.
  return {
    name: str(form, "name"),
    description: str(form, "description"),
    voiceSettings: {
      voice: str(form, "voiceSettings.voice"),
      language: str(form, "voiceSettings.language"),
      speed: num(form, "voiceSettings.speed"),
      turnTaking: str(form, "voiceSettings.turnTaking"),
      idleSeconds: num(form, "voiceSettings.idleSeconds"),
    },
    flowConfig: {
      persona: str(form, "flowConfig.persona"),
      firstMessage: str(form, "flowConfig.firstMessage"),
      questions,
      // In the form's order, whatever order the browser posted them in.
      requiredFields: LEAD_FIELDS.filter((f) => required.includes(f)),
      closingMessage: str(form, "flowConfig.closingMessage"),
      // Absent from forms posted before the field existed: the default applies.
      qualifyThreshold: form.has("flowConfig.qualifyThreshold")
        ? num(form, "flowConfig.qualifyThreshold")
        : undefined,
      consentNotice: str(form, "flowConfig.consentNotice"),
    },
  } as CampaignFormValues;
}
