// POST /api/telephony/menu — the keypad menu's key (or none: repeat once, then voicemail)
import { z } from "zod";
import { chooseFromMenu } from "@/lib/telephony/calls";
import { twilioWebhook } from "@/lib/telephony/handler";
import { callFields } from "@/lib/telephony/webhook";

export const POST = twilioWebhook(
  {
    body: z.object({ ...callFields, Digits: z.string().max(32).optional() }),
    query: z.object({ attempt: z.coerce.number().int().min(1).max(2).default(1) }),
  },
  (body, query) => chooseFromMenu(body, query.attempt),
);
