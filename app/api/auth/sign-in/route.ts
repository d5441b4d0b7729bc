// POST /api/auth/sign-in — start a session for an existing account
import { NextResponse } from "next/server";
import { signIn } from "@/lib/auth";
import { readJson, requestCookies, route } from "@/lib/http/route";
import { clientIp, enforceRateLimit } from "@/lib/ratelimit";
import { credentialsSchema } from "@/lib/validations/auth";

export const POST = route(async (req) => {
  await enforceRateLimit("auth", clientIp(req));
  const credentials = await readJson(req, credentialsSchema);
  const { jar, apply } = requestCookies(req);
  const user = await signIn(credentials, jar);
  return apply(NextResponse.json({ user }));
});
