// PATCH /api/workspaces/:id/members/:userId — change a member's role (owners and admins);
// DELETE — remove a member (owners and admins), or leave (your own user id)
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { changeRoleSchema, memberParamsSchema } from "@/lib/validations/workspace-members";
import { changeMemberRole, removeMember } from "@/lib/workspaces/members";

export const PATCH = route(
  { auth: "user", params: memberParamsSchema, body: changeRoleSchema },
  async ({ user, params, body }) =>
    NextResponse.json({ member: await changeMemberRole(user, { ...params, ...body }) }),
);

export const DELETE = route(
  { auth: "user", params: memberParamsSchema },
  async ({ user, params }) => NextResponse.json({ removed: await removeMember(user, params) }),
);
