"use server";
// The Members page's mutations. Each runs in the current workspace (runAction resolves it
// from the vx_workspace cookie, re-checked against the user's memberships), never in an id
// the form sends; Postgres's policies decide whether the user may do it.
import { runAction } from "@/lib/actions/run-action";
import type { Actor } from "@/lib/workspaces/actor";
import { deliverInvitation } from "@/lib/workspaces/invitation-email";
import { createInvitation, revokeInvitation } from "@/lib/workspaces/invitations";
import { changeMemberRole, leaveWorkspace, removeMember } from "@/lib/workspaces/members";

/** The form's fields plus the current workspace's id (a field named `id` cannot override it). */
const inCurrent = (actor: Actor, raw: unknown) => ({
  ...(typeof raw === "object" && raw !== null ? raw : {}),
  id: actor.workspaceId,
});

const options = { revalidate: "/members" };

export async function inviteMemberAction(input: unknown) {
  return runAction(
    async (actor, raw) => {
      const { invitation, token } = await createInvitation(actor, inCurrent(actor, raw));
      return { invitation, ...(await deliverInvitation(invitation.email, token)) };
    },
    input,
    options,
  );
}

export async function revokeInvitationAction(input: unknown) {
  return runAction((actor, raw) => revokeInvitation(actor, inCurrent(actor, raw)), input, options);
}

export async function changeMemberRoleAction(input: unknown) {
  return runAction((actor, raw) => changeMemberRole(actor, inCurrent(actor, raw)), input, options);
}

export async function removeMemberAction(input: unknown) {
  return runAction((actor, raw) => removeMember(actor, inCurrent(actor, raw)), input, options);
}

export async function leaveWorkspaceAction() {
  return runAction(
    (actor) => leaveWorkspace(actor, { id: actor.workspaceId }),
    {},
    {
      revalidate: "/",
    },
  );
}
