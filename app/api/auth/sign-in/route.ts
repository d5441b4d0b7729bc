// POST /api/auth/sign-in — start a session for an existing account
import { NextResponse } from "next/server";
import { signIn } from "@/lib/auth";
import { route } from "@/lib/http/route";
import { credentialsSchema } from "@/lib/validations/auth";

// sameOrigin: a forged cross-site sign-in would swap the victim's session (login CSRF).
export const POST = route(
  { rateLimit: "auth", sameOrigin: true, body: credentialsSchema },
  async ({ body, cookies }) => NextResponse.json({ user: await signIn(body, cookies.jar) }),
);
