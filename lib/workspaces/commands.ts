// Workspace operations for a signed-in user (members and invitations: lib/workspaces/
// members.ts and invitations.ts). RLS decides: anyone may create a shared workspace and
// becomes its owner (a trigger adds the membership).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { command } from "@/lib/command";
import { hasRole, insertWorkspace } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";

export const workspaceNameSchema = z
  .string()
  .trim()
  .min(1, "Name the workspace")
  .max(80, "At most 80 characters");

export const createWorkspace = command(
  z.strictObject({ name: workspaceNameSchema }),
  async ({ claims }, { name }) => {
    const id = randomUUID();
    await withUser(claims, (trx) => insertWorkspace(trx, { id, name, createdBy: claims.sub }));
    return { id, name, role: "owner" as const, personal: false };
  },
);

/** Renames the actor's current shared workspace (admins and owners: RLS). Personal ones keep theirs. */
export const renameWorkspace = command(
  z.strictObject({ name: workspaceNameSchema }),
  ({ claims, workspaceId }, { name }) =>
    withUser(claims, async (trx) => {
      if (!(await hasRole(trx, workspaceId, "admin")))
        throw new AppError("forbidden", "Only owners and admins can rename the workspace", 403);
      const row = await trx
        .updateTable("workspaces")
        .set({ name })
        .where("id", "=", workspaceId)
        .where("personal", "=", false)
        .returning(["id", "name"])
        .executeTakeFirst();
      if (!row) throw new AppError("forbidden", "A personal workspace cannot be renamed", 403);
      return row;
    }),
);
