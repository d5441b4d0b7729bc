// POST /api/calls/:id/end — end the call (idempotent); runs post-call analysis once
import { NextResponse } from "next/server";
import { z } from "zod";
import { callKey } from "@/lib/db/queries/calls";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http/route";
import { setConversationId } from "@/lib/observability/context";
import { requireCallToken } from "@/lib/voice/call-token";
import { endCall } from "@/lib/voice/calls";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 30;

const bodySchema = z.strictObject({
  reason: z.enum(["caller_hung_up", "idle_timeout"]).optional(),
});

export const POST = route<{ id: string }>(async (req, { params }) => {
  const claims = await requireCallToken(req);
  setConversationId(claims.sub);
  if (claims.sub !== (await params).id)
    throw new AppError("unauthorized", "This call token is for another call", 401);
  const body =
    req.headers.get("content-length") === "0" || !req.body ? {} : await readJson(req, bodySchema);
  const result = await endCall(callKey(claims), body.reason ?? "caller_hung_up", getProviders());
  return NextResponse.json(result);
});
