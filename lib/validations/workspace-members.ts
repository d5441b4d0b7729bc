// Inputs of the Members page and the /api/workspaces/* routes: invitations and memberships.
import { z } from "zod";

/** Roles an invitation may grant; owners are made by promoting a member (see members.ts). */
export const INVITE_ROLES = ["admin", "member", "viewer"] as const;
export const MEMBER_ROLES = ["owner", "admin", "member", "viewer"] as const;

export const workspaceIdSchema = z.strictObject({ id: z.uuid("Unknown workspace") });

export const inviteSchema = z.strictObject({
  email: z
    .email("Enter a valid email address")
    .max(320, "Email is too long")
    .transform((e) => e.toLowerCase()),
  role: z.enum(INVITE_ROLES, "Choose admin, member or viewer"),
});
export type InviteInput = z.infer<typeof inviteSchema>;

export const invitationParamsSchema = z.strictObject({
  id: z.uuid("Unknown workspace"),
  invitationId: z.uuid("Unknown invitation"),
});

export const memberParamsSchema = z.strictObject({
  id: z.uuid("Unknown workspace"),
  userId: z.uuid("Unknown member"),
});

export const changeRoleSchema = z.strictObject({
  role: z.enum(MEMBER_ROLES, "Choose owner, admin, member or viewer"),
});

/** An invitation token: 32 random bytes, base64url (43 characters). Any other string is
 * refused as not found (forged), like a well-formed token nobody issued. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const invitationTokenSchema = z.string("Missing invitation token").min(1).max(200);

export const acceptInvitationSchema = z.strictObject({ token: invitationTokenSchema });
