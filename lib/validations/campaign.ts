// Campaign schemas, shared by the dashboard forms, the server actions and the REST API.
import { z } from "zod";
import { LANGUAGE_IDS, VOICE_IDS } from "@/lib/campaigns/voices";

export const CAMPAIGN_STATUSES = ["draft", "active", "paused", "archived"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const LEAD_FIELDS = ["name", "email", "phone", "company"] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

const text = (label: string, min: number, max: number) =>
  z
    .string(`${label} is required`)
    .trim()
    .min(min, min <= 1 ? `${label} is required` : `${label} needs at least ${min} characters`)
    .max(max, `${label} must be at most ${max} characters`);

export const questionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, "Question id must be 1-40 lowercase letters, digits, - or _"),
  text: text("Question", 3, 300),
  weight: z
    .number("Weight must be a number")
    .int("Weight must be a whole number")
    .min(1, "Weight must be between 1 and 10")
    .max(10, "Weight must be between 1 and 10"),
  /** Which answer qualifies; absent means "answered": any real answer that is not a "no". */
  qualifyIf: z.enum(["answered", "yes", "no"], "Pick answered, yes or no").optional(),
  /** When set, a qualifying answer must also mention one of these words. */
  keywords: z
    .array(z.string().trim().min(1).max(60, "Keywords must be at most 60 characters"))
    .max(20, "At most 20 keywords")
    .optional(),
});
export type Question = z.infer<typeof questionSchema>;

export const flowConfigSchema = z.strictObject({
  persona: text("Persona", 10, 4000),
  firstMessage: text("First message", 1, 500),
  questions: z
    .array(questionSchema)
    .max(20, "At most 20 questions")
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, "Question ids must be unique"),
  requiredFields: z
    .array(z.enum(LEAD_FIELDS))
    .refine((fs) => new Set(fs).size === fs.length, "Each lead field once"),
  closingMessage: text("Closing message", 1, 500),
  /** A lead scoring at least this (0-100) counts as qualified; absent means DEFAULT_QUALIFY_THRESHOLD. */
  qualifyThreshold: z
    .number("Threshold must be a number")
    .int("Threshold must be a whole number")
    .min(1, "Threshold must be between 1 and 100")
    .max(100, "Threshold must be between 1 and 100")
    .optional(),
  /** Shown on the caller's page before Start; empty or absent means DEFAULT_CONSENT_NOTICE. */
  consentNotice: z
    .string()
    .trim()
    .max(600, "Consent notice must be at most 600 characters")
    .optional(),
});
export type FlowConfig = z.infer<typeof flowConfigSchema>;

/**
 * How long the caller's page waits before it decides a caller has finished speaking, and how
 * short a sound it ignores. Patient suits callers who pause mid-thought; snappy suits quick
 * back-and-forth. The browser's voice activity detector applies them (lib/call-client).
 */
export const TURN_TAKING_PRESETS = {
  patient: { label: "Patient", endSilenceMs: 1400, minSpeechMs: 400 },
  balanced: { label: "Balanced", endSilenceMs: 800, minSpeechMs: 250 },
  snappy: { label: "Snappy", endSilenceMs: 450, minSpeechMs: 150 },
} as const;
export type TurnTaking = keyof typeof TURN_TAKING_PRESETS;
export const TURN_TAKING_IDS = Object.keys(TURN_TAKING_PRESETS) as [TurnTaking, ...TurnTaking[]];

export const DEFAULT_QUALIFY_THRESHOLD = 60;
export const qualifyThreshold = (flow: Pick<FlowConfig, "qualifyThreshold">) =>
  flow.qualifyThreshold ?? DEFAULT_QUALIFY_THRESHOLD;

export const DEFAULT_TURN_TAKING: TurnTaking = "balanced";
export const DEFAULT_IDLE_SECONDS = 20;
export const DEFAULT_CONSENT_NOTICE =
  "You're about to talk with an AI voice agent, not a person. The call is transcribed and " +
  "stored so the team running this campaign can follow up with you.";

export const voiceSettingsSchema = z.strictObject({
  voice: z.enum(VOICE_IDS, "Pick a voice"),
  language: z.enum(LANGUAGE_IDS, "Pick a language"),
  speed: z
    .number("Speed must be a number")
    .min(0.5, "Speed must be between 0.5 and 2")
    .max(2, "Speed must be between 0.5 and 2"),
  // Optional so campaigns saved before these settings existed still parse; read them through
  // callSettings(), which fills in the defaults.
  turnTaking: z.enum(TURN_TAKING_IDS, "Pick a turn-taking style").optional(),
  idleSeconds: z
    .number("Idle time must be a number")
    .int("Idle time must be whole seconds")
    .min(5, "Idle time must be between 5 and 120 seconds")
    .max(120, "Idle time must be between 5 and 120 seconds")
    .optional(),
});
export type VoiceSettings = z.infer<typeof voiceSettingsSchema>;

/** The call settings a caller's page needs, with defaults for campaigns saved without them. */
export function callSettings(voice: Partial<VoiceSettings> | null | undefined) {
  return {
    turnTaking: voice?.turnTaking ?? DEFAULT_TURN_TAKING,
    idleSeconds: voice?.idleSeconds ?? DEFAULT_IDLE_SECONDS,
  };
}
export type CallSettings = ReturnType<typeof callSettings>;

export const consentNoticeOf = (flow: Partial<FlowConfig> | null | undefined) =>
  flow?.consentNotice?.trim() || DEFAULT_CONSENT_NOTICE;

export const campaignInputSchema = z.strictObject({
  name: text("Name", 1, 120),
  description: z
    .string()
    .trim()
    .max(2000, "Description must be at most 2000 characters")
    .default(""),
  voiceSettings: voiceSettingsSchema,
  flowConfig: flowConfigSchema,
});
export type CampaignInput = z.input<typeof campaignInputSchema>;

export const updateCampaignSchema = campaignInputSchema.extend({ id: z.uuid("Unknown campaign") });

export const campaignIdSchema = z.strictObject({ id: z.uuid("Unknown campaign") });

export const setCampaignStatusSchema = z.strictObject({
  id: z.uuid("Unknown campaign"),
  status: z.enum(CAMPAIGN_STATUSES, "Unknown status"),
});

/** Which status changes the dashboard offers; archived campaigns can be restored as paused. */
export const STATUS_TRANSITIONS: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ["active", "archived"],
  active: ["paused", "archived"],
  paused: ["active", "archived"],
  archived: ["paused"],
};

export const defaultCampaignInput = (): z.input<typeof campaignInputSchema> => ({
  name: "",
  description: "",
  voiceSettings: {
    voice: "nova",
    language: "en-US",
    speed: 1,
    turnTaking: DEFAULT_TURN_TAKING,
    idleSeconds: DEFAULT_IDLE_SECONDS,
  },
  flowConfig: {
    persona:
      "You are a friendly, concise assistant for our business. Ask one question at a time and keep answers short.",
    firstMessage: "Hi! Thanks for calling. Do you have a minute to answer a few quick questions?",
    questions: [
      { id: "need", text: "What are you looking for help with?", weight: 5 },
      { id: "timeline", text: "How soon do you need it?", weight: 3 },
    ],
    requiredFields: ["name", "email"],
    closingMessage:
      "Thanks, that's everything I need. Someone from our team will be in touch soon. Goodbye!",
    consentNotice: DEFAULT_CONSENT_NOTICE,
  },
});
