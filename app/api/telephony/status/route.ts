// POST /api/telephony/status — Twilio's call status callbacks (a completed call is analysed once)
import { z } from "zod";
import { updateStatus } from "@/lib/telephony/calls";
import { twilioWebhook } from "@/lib/telephony/handler";
import { callFields } from "@/lib/telephony/webhook";

export const POST = twilioWebhook(
  {
    body: z.object({
      ...callFields,
      CallDuration: z.coerce.number().int().min(0).max(86_400).optional(),
    }),
    query: z.object({}),
  },
  (body) => updateStatus(body),
);
