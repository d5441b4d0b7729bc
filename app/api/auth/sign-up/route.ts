// POST /api/auth/sign-up — create an account and start its session
import { NextResponse } from "next/server";
import { signUp } from "@/lib/auth";
import { route } from "@/lib/http/route";
import { credentialsSchema } from "@/lib/validations/auth";

export const POST = route(
  { rateLimit: "auth", sameOrigin: true, body: credentialsSchema },
  async ({ body, cookies }) =>
    NextResponse.json({ user: await signUp(body, cookies.jar) }, { status: 201 }),
);
