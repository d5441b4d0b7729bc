// POST /api/calls/:id/stt-token — a short-lived Deepgram token for this call's live transcription
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { enforceRateLimit } from "@/lib/ratelimit";
import { grantSttToken } from "@/lib/voice/stt-token";

export const maxDuration = 60;

export const POST = route(
  { auth: "caller", rateLimit: "token", params: z.strictObject({ id: z.uuid() }) },
  async ({ caller, params }) => {
    if (caller.sub !== params.id)
      throw new AppError("unauthorized", "This call token is for another call", 401);
    await enforceRateLimit("sttTokenPerCall", caller.sub);
    return NextResponse.json(await grantSttToken(caller));
  },
);
