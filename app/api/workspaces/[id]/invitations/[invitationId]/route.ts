// DELETE /api/workspaces/:id/invitations/:invitationId — revoke an open invitation
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { invitationParamsSchema } from "@/lib/validations/workspace-members";
import { revokeInvitation } from "@/lib/workspaces/invitations";

export const DELETE = route(
  { auth: "user", params: invitationParamsSchema },
  async ({ user, params }) => NextResponse.json({ revoked: await revokeInvitation(user, params) }),
);
