// POST /api/voice/turn/interrupt — the caller barged in on an agent turn (see lib/voice/interrupt.ts)
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { signCallToken } from "@/lib/voice/call-token";
import { interruptSchema, interruptTurn } from "@/lib/voice/interrupt";

export const maxDuration = 60;

export const POST = route(
  { auth: "caller", rateLimit: "voiceTurn", body: interruptSchema },
  async ({ caller, body }) =>
    NextResponse.json(await interruptTurn(caller, body), {
      headers: { "x-call-token": await signCallToken(caller) },
    }),
);
