// POST /api/calls — a caller starts a call on a campaign's public link (or the owner previews it)
import { NextResponse } from "next/server";
import { type Claims, readClaims } from "@/lib/auth";
import { assertSameOrigin } from "@/lib/auth/csrf";
import { unauthorized } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { startJobTimer } from "@/lib/jobs/timer";
import { startCall, startCallSchema } from "@/lib/voice/calls";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 60;

export const POST = route(
  { rateLimit: "callStart", body: startCallSchema },
  async ({ req, body, cookies }) => {
    let viewer: Claims | undefined;
    if (body.preview) {
      // A preview rides on the owner's session cookie: only from the app's own pages (CSRF).
      assertSameOrigin(req.headers, req.method);
      viewer = (await readClaims(cookies.jar)) ?? undefined;
      if (!viewer) throw unauthorized();
    }
    startJobTimer();
    return NextResponse.json(await startCall(body, getProviders(), viewer), { status: 201 });
  },
);
