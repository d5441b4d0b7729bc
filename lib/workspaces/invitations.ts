// Invitations to a workspace. Admins and owners create, list and revoke them under RLS
// (workspace_invitations' policies); the invitee accepts through public.accept_invitation,
// which checks the token's hash, expiry, revocation, reuse and email in Postgres. The token
// is 32 random bytes (base64url) shown once to the inviter or mailed by Supabase; only its
// SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { CookieJar } from "@/lib/auth/cookies";
import { command } from "@/lib/command";
import { isUniqueViolation } from "@/lib/db/errors";
import { type Tx, withServiceRole, withUser } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import {
  acceptInvitationSchema,
  invitationParamsSchema,
  inviteSchema,
  TOKEN_PATTERN,
  workspaceIdSchema,
} from "@/lib/validations/workspace-members";
import { WORKSPACE_COOKIE, workspaceCookieOptions } from "./current";
import type { WorkspaceRole } from "./roles";

export const INVITATION_DAYS = 7;

export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: WorkspaceRole;
  invitedBy: string | null;
  expiresAt: Date;
  createdAt: Date;
  expired: boolean;
}

export const newInvitationToken = () => randomBytes(32).toString("base64url");
export const hashInvitationToken = (token: string) =>
  createHash("sha256").update(token, "utf8").digest("hex");
export const invitationPath = (token: string) => `/invite/${token}`;

/** Each refusal of accept_invitation, with the status and words the API and page use. */
export const INVITATION_ERRORS = {
  invitation_not_found: [404, "This invitation link is not valid. Ask for a new one."],
  invitation_revoked: [410, "This invitation was withdrawn. Ask for a new one."],
  invitation_expired: [410, "This invitation has expired. Ask for a new one."],
  invitation_used: [409, "This invitation has already been used by someone else."],
  invitation_wrong_email: [
    403,
    "This invitation is for a different email address. Sign in with the invited address.",
  ],
} as const;
export type InvitationErrorCode = keyof typeof INVITATION_ERRORS;

export const invitationError = (code: InvitationErrorCode) =>
  new AppError(code, INVITATION_ERRORS[code][1], INVITATION_ERRORS[code][0]);

const isRlsRefusal = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: string }).code === "42501";

const forbidden = (message: string) => new AppError("forbidden", message, 403);

type Row = {
  id: string;
  workspace_id: string;
  email: string;
  role: WorkspaceRole;
  invited_by: string | null;
  expires_at: Date;
  created_at: Date;
};

const toInvitation = (r: Row): Invitation => ({
  id: r.id,
  workspaceId: r.workspace_id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  expired: r.expires_at.getTime() <= Date.now(),
});

/** The caller's role in the workspace (under RLS), or null when not a member. */
export async function roleIn(trx: Tx, workspaceId: string, userId: string) {
  const { rows } = await sql<{ role: WorkspaceRole }>`select role from public.workspace_members
    where workspace_id = ${workspaceId} and user_id = ${userId}`.execute(trx);
  return rows[0]?.role ?? null;
}

/**
 * Invites `email` to the workspace with `role`; an open invitation to the same address is
 * replaced (revoked), so only the newest link works. Returns the token: the caller shows
 * it (local auth) or Supabase mails it; it is never stored.
 */
export const createInvitation = command(
  workspaceIdSchema.extend(inviteSchema.shape),
  async ({ claims }, { id: workspaceId, email, role }) => {
    const token = newInvitationToken();
    try {
      const invitation = await withUser(claims, async (trx) => {
        const mine = await roleIn(trx, workspaceId, claims.sub);
        if (!mine) throw new AppError("not_found", "Workspace not found", 404);
        if (mine !== "owner" && mine !== "admin") {
          throw forbidden("Only owners and admins can invite people");
        }
        const { rows: members } = await sql<{ email: string }>`select email
          from public.workspace_member_list(${workspaceId}) where lower(email) = ${email}`.execute(
          trx,
        );
        if (members.length) {
          throw new AppError("already_member", `${email} is already a member`, 409);
        }
        await sql`update public.workspace_invitations set revoked_at = now()
          where workspace_id = ${workspaceId} and email = ${email}
            and accepted_at is null and revoked_at is null`.execute(trx);
        const { rows } = await sql<Row>`insert into public.workspace_invitations
            (workspace_id, email, role, token_hash, invited_by)
          values (${workspaceId}, ${email}, ${role}, ${hashInvitationToken(token)}, ${claims.sub})
          returning id, workspace_id, email, role, invited_by, expires_at, created_at`.execute(trx);
        return toInvitation(rows[0]!);
      });
      return { invitation, token, path: invitationPath(token) };
    } catch (error) {
      if (isRlsRefusal(error)) throw forbidden("Only owners and admins can invite people");
      if (isUniqueViolation(error)) {
        throw new AppError("conflict", "An invitation to this address was just sent", 409);
      }
      throw error;
    }
  },
);

/**
 * Open invitations (not accepted, not revoked; expired ones flagged), newest first. RLS shows
 * them to owners and admins; a viewer or member gets none, a non-member a 404 (as the members
 * list answers), so the answer does not depend on whether the workspace exists.
 */
export const listInvitations = command(workspaceIdSchema, ({ claims }, { id }) =>
  withUser(claims, async (trx) => {
    const { rows } = await sql<Row>`select id, workspace_id, email, role, invited_by, expires_at,
        created_at from public.workspace_invitations
      where workspace_id = ${id} and accepted_at is null and revoked_at is null
      order by created_at desc`.execute(trx);
    if (!rows.length && !(await roleIn(trx, id, claims.sub))) {
      throw new AppError("not_found", "Workspace not found", 404);
    }
    return rows.map(toInvitation);
  }),
);

/** Withdraws an open invitation; its link stops working at once. */
export const revokeInvitation = command(
  invitationParamsSchema,
  ({ claims }, { id, invitationId }) =>
    withUser(claims, async (trx) => {
      const { rows } = await sql<{ id: string }>`update public.workspace_invitations
        set revoked_at = now()
        where id = ${invitationId} and workspace_id = ${id}
          and accepted_at is null and revoked_at is null
        returning id`.execute(trx);
      if (!rows[0]) {
        const mine = await roleIn(trx, id, claims.sub);
        if (mine && mine !== "owner" && mine !== "admin") {
          throw forbidden("Only owners and admins can revoke invitations");
        }
        throw new AppError("not_found", "Invitation not found", 404);
      }
      return { id: rows[0].id };
    }),
);

/** What the invite page shows before accepting: read with the token in hand. */
export interface InvitationPreview {
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: WorkspaceRole;
  invitedByEmail: string | null;
  expiresAt: Date;
  status: "open" | "expired" | "revoked" | "accepted";
  acceptedBy: string | null;
}

export async function previewInvitation(token: string): Promise<InvitationPreview | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  // Service role: the invitee is not a member yet (RLS shows them nothing), and may not even
  // be signed in. The token is the capability; only its hash is compared.
  return withServiceRole("the invite page reads the invitation its token names", async (trx) => {
    const { rows } = await sql<{
      workspace_id: string;
      name: string;
      email: string;
      role: WorkspaceRole;
      inviter: string | null;
      expires_at: Date;
      accepted_at: Date | null;
      accepted_by: string | null;
      revoked_at: Date | null;
    }>`select i.workspace_id, i.email, i.role, u.email as inviter, i.expires_at,
          i.accepted_at, i.accepted_by, i.revoked_at,
          -- A personal workspace is "Personal" to its owner only; to others it is theirs.
          case when w.personal and c.email is not null
               then c.email || '''s workspace' else w.name end as name
        from public.workspace_invitations i
        join public.workspaces w on w.id = i.workspace_id
        left join auth.users c on c.id = w.created_by
        left join auth.users u on u.id = i.invited_by
       where i.token_hash = ${hashInvitationToken(token)}`.execute(trx);
    const r = rows[0];
    if (!r) return null;
    const status = r.accepted_at
      ? "accepted"
      : r.revoked_at
        ? "revoked"
        : r.expires_at.getTime() <= Date.now()
          ? "expired"
          : "open";
    return {
      workspaceId: r.workspace_id,
      workspaceName: r.name,
      email: r.email,
      role: r.role,
      invitedByEmail: r.inviter,
      expiresAt: r.expires_at,
      status,
      acceptedBy: r.accepted_by,
    };
  });
}

/**
 * Accepts the invitation as the signed-in user and returns its workspace id. Accepting
 * again as the same user is a no-op that returns the same id. Refusals are AppErrors with
 * the codes of INVITATION_ERRORS.
 */
export const acceptInvitation = command(acceptInvitationSchema, async ({ claims }, { token }) => {
  if (!TOKEN_PATTERN.test(token)) throw invitationError("invitation_not_found");
  try {
    return await withUser(claims, async (trx) => {
      const { rows } = await sql<{
        id: string;
      }>`select public.accept_invitation(${token}) as id`.execute(trx);
      return { workspaceId: rows[0]!.id };
    });
  } catch (error) {
    const message = (error as { message?: string } | null)?.message ?? "";
    if (message in INVITATION_ERRORS) throw invitationError(message as InvitationErrorCode);
    throw error;
  }
});

/** Makes `workspaceId` the current workspace (lib/workspaces/current.ts re-checks it). */
export function selectWorkspace(jar: CookieJar, workspaceId: string) {
  jar.setAll([{ name: WORKSPACE_COOKIE, value: workspaceId, options: workspaceCookieOptions() }]);
}
