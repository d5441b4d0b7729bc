// GET /api/workspaces/:id/members — the workspace's members with email and role (any member)
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { workspaceIdSchema } from "@/lib/validations/workspace-members";
import { listMembers } from "@/lib/workspaces/members";

export const GET = route({ auth: "user", params: workspaceIdSchema }, async ({ user, params }) =>
  NextResponse.json({ members: await listMembers(user, params) }),
);
