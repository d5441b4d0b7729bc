// POST /api/livekit/token — a room token for a workspace member: listen (hidden, subscribe
// only) or take over by voice (publish)
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { grantStaffToken, staffTokenSchema } from "@/lib/livekit/token";

export const POST = route(
  { auth: "user", rateLimit: "token", body: staffTokenSchema },
  async ({ user, body }) => NextResponse.json(await grantStaffToken(user, body)),
);
