// GET /api/auth/session — the signed-in user, or 401 (clearing a dead session's cookie)
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "user" }, async ({ user }) =>
  NextResponse.json({ user: { id: user.sub, email: user.email ?? null } }),
);
