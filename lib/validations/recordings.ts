// A campaign's recording and retention settings, shared by the card's form and its action.
import { z } from "zod";

export const MAX_RETENTION_DAYS = 3650;

export const recordingSettingsSchema = z.strictObject({
  /** Store each turn's caller and agent audio (off by default). */
  recordCalls: z.boolean("Recording must be on or off"),
  /** Purge conversations, turns, leads and recordings older than this; null keeps them. */
  retentionDays: z
    .number("Retention must be a number of days")
    .int("Retention must be whole days")
    .min(1, `Retention must be between 1 and ${MAX_RETENTION_DAYS} days`)
    .max(MAX_RETENTION_DAYS, `Retention must be between 1 and ${MAX_RETENTION_DAYS} days`)
    .nullable(),
});
export type RecordingSettings = z.infer<typeof recordingSettingsSchema>;

export const DEFAULT_RECORDING_SETTINGS: RecordingSettings = {
  recordCalls: false,
  retentionDays: null,
};

export const saveRecordingSettingsSchema = z.strictObject({
  campaignId: z.uuid("Unknown campaign"),
  settings: recordingSettingsSchema,
});

/** What the caller's page adds to the consent notice when the campaign records calls. */
export const RECORDING_NOTICE = "This call is recorded.";

export const withRecordingNotice = (notice: string, recordCalls: boolean) =>
  recordCalls ? `${notice} ${RECORDING_NOTICE}` : notice;
