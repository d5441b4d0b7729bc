// GET /api/workspaces/:id/invitations — open invitations (owners and admins);
// POST — invite an email address with a role. The link is in the answer (local auth: the
// inviter passes it on); with Supabase Auth configured, Supabase also mails it.
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { inviteSchema, workspaceIdSchema } from "@/lib/validations/workspace-members";
import { deliverInvitation } from "@/lib/workspaces/invitation-email";
import { createInvitation, listInvitations } from "@/lib/workspaces/invitations";

export const GET = route({ auth: "user", params: workspaceIdSchema }, async ({ user, params }) =>
  NextResponse.json({ invitations: await listInvitations(user, params) }),
);

export const POST = route(
  // Limited like sign-in: with Supabase Auth each invitation mails a magic link.
  { auth: "user", params: workspaceIdSchema, body: inviteSchema, rateLimit: "auth" },
  async ({ user, params, body }) => {
    const { invitation, token } = await createInvitation(user, { ...params, ...body });
    const delivery = await deliverInvitation(invitation.email, token);
    return NextResponse.json({ invitation, ...delivery }, { status: 201 });
  },
);
