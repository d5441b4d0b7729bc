// POST /api/auth/sign-up — create an account and start its session
import { NextResponse } from "next/server";
import { signUp } from "@/lib/auth";
import { readJson, requestCookies, route } from "@/lib/http/route";
import { clientIp, enforceRateLimit } from "@/lib/ratelimit";
import { credentialsSchema } from "@/lib/validations/auth";

export const POST = route(async (req) => {
  await enforceRateLimit("auth", clientIp(req));
  const credentials = await readJson(req, credentialsSchema);
  const { jar, apply } = requestCookies(req);
  const user = await signUp(credentials, jar);
  return apply(NextResponse.json({ user }, { status: 201 }));
});
