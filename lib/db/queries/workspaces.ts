// Workspace and membership reads for the signed-in user (withUser: RLS shows only the
// workspaces they belong to, and their co-members).
import { sql } from "kysely";
import type { WorkspaceRole } from "@/lib/workspaces/roles";
import type { Tx } from "../scoped";

export interface MyWorkspace {
  id: string;
  name: string;
  personal: boolean;
  role: WorkspaceRole;
}

/** The user's workspaces with their role in each: their own first, other personal ones, then by name. */
export async function listMyWorkspaces(trx: Tx, userId: string): Promise<MyWorkspace[]> {
  const rows = await trx
    .selectFrom("workspaces as w")
    .innerJoin("workspace_members as m", "m.workspace_id", "w.id")
    .select(["w.id", "w.name", "w.personal", "m.role"])
    .where("m.user_id", "=", userId)
    .orderBy("w.personal", "desc")
    .orderBy("w.name")
    .orderBy("w.id")
    .execute();
  const names = await ownersOfOthersPersonal(
    trx,
    rows.filter((r) => r.personal && r.id !== userId).map((r) => r.id),
  );
  // The user's own personal workspace first, then the other personal ones, then by name.
  rows.sort((a, b) => Number(b.id === userId) - Number(a.id === userId));
  return rows.map((r) => ({
    ...r,
    // Every personal workspace is "Personal" in the database; someone else's is shown as theirs.
    name: names.get(r.id) ?? r.name,
    role: r.role as WorkspaceRole,
  }));
}

/** "ann@example.com's workspace" for other users' personal workspaces the user belongs to. */
async function ownersOfOthersPersonal(trx: Tx, ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of ids) {
    const { rows } = await sql<{ email: string }>`
      select email from public.workspace_member_list(${id}::uuid) where user_id = ${id}::uuid`.execute(
      trx,
    );
    if (rows[0]) names.set(id, `${rows[0].email}'s workspace`);
  }
  return names;
}

/** Whether the current user's role in the workspace is at least `min`, as RLS sees it. */
export async function hasRole(trx: Tx, workspaceId: string, min: WorkspaceRole) {
  const { rows } = await sql<{ ok: boolean }>`
    select ${workspaceId}::uuid = any (public.workspace_ids(${min})) as ok`.execute(trx);
  return rows[0]?.ok === true;
}

/**
 * Creates a shared workspace; a trigger makes its creator the owner. The id is chosen here
 * because the new row is only visible to its creator once that membership exists (no
 * RETURNING through RLS).
 */
export async function insertWorkspace(trx: Tx, w: { id: string; name: string; createdBy: string }) {
  await trx
    .insertInto("workspaces")
    .values({ id: w.id, name: w.name, created_by: w.createdBy, personal: false })
    .execute();
}
