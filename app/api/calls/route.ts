// POST /api/calls — a caller starts a call on a campaign's public link
import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/http/route";
import { clientIp, enforceRateLimit } from "@/lib/ratelimit";
import { startCall, startCallSchema } from "@/lib/voice/calls";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 30;

export const POST = route(async (req) => {
  await enforceRateLimit("callStart", clientIp(req));
  const input = await readJson(req, startCallSchema);
  return NextResponse.json(await startCall(input, getProviders()), { status: 201 });
});
