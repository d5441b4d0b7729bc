// POST /api/telephony/turn — one caller turn from <Gather input="speech">, answered as TwiML
import { z } from "zod";
import { twilioWebhook } from "@/lib/telephony/handler";
import { phoneTurn } from "@/lib/telephony/turn";
import { callFields } from "@/lib/telephony/webhook";

export const maxDuration = 60;

const step = z.coerce.number().int().min(1).max(1000);

export const POST = twilioWebhook(
  {
    body: z.object({
      ...callFields,
      SpeechResult: z.string().max(4000).optional(),
      Confidence: z.coerce.number().min(0).max(1).optional(),
    }),
    query: z.object({
      step,
      miss: z.coerce.number().int().min(0).max(1).default(0),
      retry: z.enum(["0", "1"]).default("0"),
    }),
  },
  (body, query) => phoneTurn(body, query.step, query.miss, query.retry === "1"),
);
