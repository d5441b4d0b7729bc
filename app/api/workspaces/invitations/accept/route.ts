// POST /api/workspaces/invitations/accept — accept an invitation as the signed-in user; the
// invitation's workspace becomes the current one
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { acceptInvitationSchema } from "@/lib/validations/workspace-members";
import { acceptInvitation, selectWorkspace } from "@/lib/workspaces/invitations";

export const POST = route(
  { auth: "user", body: acceptInvitationSchema, rateLimit: "auth" },
  async ({ user, body, cookies }) => {
    const { workspaceId } = await acceptInvitation(user, body);
    selectWorkspace(cookies.jar, workspaceId);
    return NextResponse.json({ workspaceId });
  },
);
