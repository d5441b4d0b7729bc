// POST /api/telephony/recording — a voicemail recorded (or, ?event=transcription, transcribed)
import { z } from "zod";
import { storeTranscription, storeVoicemail } from "@/lib/telephony/calls";
import { twilioWebhook } from "@/lib/telephony/handler";
import { callFields } from "@/lib/telephony/webhook";

export const POST = twilioWebhook(
  {
    body: z.object({
      ...callFields,
      RecordingUrl: z.url().max(500).optional(),
      RecordingDuration: z.coerce.number().int().min(0).max(86_400).optional(),
      TranscriptionText: z.string().max(10_000).optional(),
      TranscriptionStatus: z.string().max(32).optional(),
    }),
    query: z.object({ event: z.enum(["recording", "transcription"]).default("recording") }),
  },
  (body, query) =>
    query.event === "transcription" ? storeTranscription(body) : storeVoicemail(body),
);
