// Members of a workspace: list, change a role, remove, leave. Postgres decides (the
// workspace_members policies, and the trigger that keeps at least one owner); the checks
// here come first only to give each refusal a clear message instead of a bare 403.
//   - owners and admins manage members; admins cannot remove, demote or promote to owner
//     (only an owner touches ownership);
//   - anyone may leave, except the last owner (who must promote someone first);
//   - the last owner cannot be demoted or removed.
import { sql } from "kysely";
import type { Claims } from "@/lib/auth/claims";
import { command } from "@/lib/command";
import { type Tx, withUser } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import {
  changeRoleSchema,
  memberParamsSchema,
  workspaceIdSchema,
} from "@/lib/validations/workspace-members";
import { roleIn } from "./invitations";
import type { WorkspaceRole } from "./roles";

export interface Member {
  userId: string;
  email: string;
  role: WorkspaceRole;
  joinedAt: Date;
}

const forbidden = (message: string) => new AppError("forbidden", message, 403);
const workspaceNotFound = () => new AppError("not_found", "Workspace not found", 404);
const memberNotFound = () => new AppError("not_found", "Member not found", 404);
export const lastOwner = () =>
  new AppError(
    "last_owner",
    "A workspace needs at least one owner: make someone else an owner first",
    409,
  );

const manages = (role: WorkspaceRole | null) => role === "owner" || role === "admin";

async function ownerCount(trx: Tx, workspaceId: string) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from public.workspace_members
    where workspace_id = ${workspaceId} and role = 'owner'`.execute(trx);
  return rows[0]!.n;
}

/** Maps the database's own refusals (RLS, the last-owner trigger) to clear errors. */
function mapDbError(error: unknown): never {
  const { code, message = "" } = (error ?? {}) as { code?: string; message?: string };
  const { constraint } = (error ?? {}) as { constraint?: string };
  // The trigger guard_workspace_owners (migration 20261201200000_workspaces).
  if (constraint === "workspace_members_last_owner" || /needs an owner/i.test(message)) {
    throw lastOwner();
  }
  if (code === "42501") throw forbidden("You cannot change this member");
  throw error;
}

export const listMembers = command(workspaceIdSchema, ({ claims }, { id }) =>
  withUser(claims, async (trx) => {
    const { rows } = await sql<{
      user_id: string;
      email: string;
      role: WorkspaceRole;
      created_at: Date;
    }>`select user_id, email, role, created_at from public.workspace_member_list(${id})`.execute(
      trx,
    );
    if (!rows.length) throw workspaceNotFound();
    return rows.map(
      (r): Member => ({ userId: r.user_id, email: r.email, role: r.role, joinedAt: r.created_at }),
    );
  }),
);

export const changeMemberRole = command(
  memberParamsSchema.extend(changeRoleSchema.shape),
  ({ claims }, { id, userId, role }) =>
    withUser(claims, async (trx) => {
      const mine = await roleIn(trx, id, claims.sub);
      if (!mine) throw workspaceNotFound();
      if (!manages(mine)) throw forbidden("Only owners and admins can change roles");
      const theirs = await roleIn(trx, id, userId);
      if (!theirs) throw memberNotFound();
      if (theirs === role) return { userId, role };
      if (theirs === "owner" && mine !== "owner") {
        throw forbidden("Only an owner can change an owner's role");
      }
      if (role === "owner" && mine !== "owner") {
        throw forbidden("Only an owner can make someone an owner");
      }
      if (theirs === "owner" && (await ownerCount(trx, id)) <= 1) throw lastOwner();
      const { rows } = await sql<{ role: WorkspaceRole }>`update public.workspace_members
        set role = ${role} where workspace_id = ${id} and user_id = ${userId}
        returning role`
        .execute(trx)
        .catch(mapDbError);
      if (!rows[0]) throw forbidden("You cannot change this member");
      return { userId, role: rows[0].role };
    }),
);

async function deleteMembership(claims: Claims, workspaceId: string, userId: string) {
  return withUser(claims, async (trx) => {
    const mine = await roleIn(trx, workspaceId, claims.sub);
    if (!mine) throw workspaceNotFound();
    const self = userId === claims.sub;
    if (!self && !manages(mine)) throw forbidden("Only owners and admins can remove members");
    const theirs = self ? mine : await roleIn(trx, workspaceId, userId);
    if (!theirs) throw memberNotFound();
    if (!self && theirs === "owner" && mine !== "owner") {
      throw forbidden("Only an owner can remove an owner");
    }
    if (theirs === "owner" && (await ownerCount(trx, workspaceId)) <= 1) throw lastOwner();
    const { rows } = await sql<{ user_id: string }>`delete from public.workspace_members
      where workspace_id = ${workspaceId} and user_id = ${userId} returning user_id`
      .execute(trx)
      .catch(mapDbError);
    if (!rows[0]) throw forbidden("You cannot remove this member");
    return { userId, workspaceId };
  });
}

export const removeMember = command(memberParamsSchema, ({ claims }, { id, userId }) =>
  deleteMembership(claims, id, userId),
);

/** Leaves the workspace (the last owner cannot). */
export const leaveWorkspace = command(workspaceIdSchema, ({ claims }, { id }) =>
  deleteMembership(claims, id, claims.sub),
);
