// Campaign schemas, shared by the dashboard forms, the server actions and the REST API.
import { z } from "zod";
import { LANGUAGE_IDS, VOICE_IDS } from "@/lib/voice/voices";

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
});
export type FlowConfig = z.infer<typeof flowConfigSchema>;

export const voiceSettingsSchema = z.strictObject({
  voice: z.enum(VOICE_IDS, "Pick a voice"),
  language: z.enum(LANGUAGE_IDS, "Pick a language"),
  speed: z
    .number("Speed must be a number")
    .min(0.5, "Speed must be between 0.5 and 2")
    .max(2, "Speed must be between 0.5 and 2"),
});
export type VoiceSettings = z.infer<typeof voiceSettingsSchema>;

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
  voiceSettings: { voice: "nova", language: "en-US", speed: 1 },
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
  },
});
