// POST /api/telephony/voice — Twilio's incoming call: consent, then the menu or the agent
import { z } from "zod";
import { answerIncoming } from "@/lib/telephony/calls";
import { twilioWebhook } from "@/lib/telephony/handler";
import { callFields } from "@/lib/telephony/webhook";

export const POST = twilioWebhook({ body: z.object(callFields), query: z.object({}) }, (body) =>
  answerIncoming(body),
);
