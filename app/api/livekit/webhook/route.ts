// POST /api/livekit/webhook — LiveKit's room events, signed over the raw body; the caller
// leaving or the room closing ends the call
import { NextResponse } from "next/server";
import { z } from "zod";
import { readText } from "@/lib/http/parse";
import { route } from "@/lib/http/route";
import { receiveWebhook } from "@/lib/livekit/webhook";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 60;

/** LiveKit's events are small JSON documents; anything larger is not one. */
const MAX_BODY_BYTES = 64 * 1024;

export const POST = route({ query: z.object({}) }, async ({ req }) => {
  // The signature covers the exact bytes: read them as they came; the event is parsed (zod,
  // lib/livekit/webhook.ts) only once the signature has been verified.
  // A larger body is a 413: by its declared length before reading, else once read.
  const body = await readText(req, MAX_BODY_BYTES);
  const outcome = await receiveWebhook(body, req.headers.get("authorization"), getProviders());
  return NextResponse.json({ ok: true, outcome });
});
