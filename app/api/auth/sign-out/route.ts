// POST /api/auth/sign-out — end the session (idempotent)
import { NextResponse } from "next/server";
import { z } from "zod";
import { signOut } from "@/lib/auth";
import { readJson, requestCookies, route } from "@/lib/http/route";
import { clientIp, enforceRateLimit } from "@/lib/ratelimit";

export const POST = route(async (req) => {
  await enforceRateLimit("auth", clientIp(req));
  // No body is needed; one that is sent must be an empty JSON object.
  if (req.headers.get("content-length") !== "0" && req.body)
    await readJson(req, z.strictObject({}));
  const { jar, apply } = requestCookies(req);
  await signOut(jar);
  return apply(NextResponse.json({ ok: true }));
});
