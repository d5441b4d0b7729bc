// POST /api/auth/sign-out — end the session on the server and in the browser (idempotent)
import { NextResponse } from "next/server";
import { z } from "zod";
import { signOut } from "@/lib/auth";
import { route } from "@/lib/http/route";

// No body is needed; one that is sent must be an empty JSON object.
export const POST = route(
  { rateLimit: "auth", sameOrigin: true, body: z.strictObject({}).optional() },
  async ({ cookies }) => {
    await signOut(cookies.jar);
    return NextResponse.json({ ok: true });
  },
);
