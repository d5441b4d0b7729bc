// POST /api/calls/:id/end — end the call (idempotent); its analysis runs after the response
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { startJobTimer } from "@/lib/jobs/timer";
import { setConversationId } from "@/lib/observability/context";
import { requireCallToken, verifyCallToken } from "@/lib/voice/call-token";
import { END_REASONS, endCall } from "@/lib/voice/calls";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 60;

// navigator.sendBeacon cannot set headers, so the token may come in the body instead.
const bodySchema = z
  .strictObject({
    callToken: z.string().min(1).max(4096).optional(),
    reason: z.enum(END_REASONS).optional(),
  })
  .optional();

export const POST = route(
  { params: z.strictObject({ id: z.uuid() }), body: bodySchema },
  async ({ req, params, body }) => {
    const claims =
      body?.callToken && !req.headers.has("authorization")
        ? await verifyCallToken(body.callToken)
        : await requireCallToken(req);
    setConversationId(claims.sub);
    if (claims.sub !== params.id)
      throw new AppError("unauthorized", "This call token is for another call", 401);
    startJobTimer();
    return NextResponse.json(
      await endCall(claims, body?.reason ?? "caller_hung_up", getProviders()),
    );
  },
);
