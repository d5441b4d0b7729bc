// Team workspaces and memberships for tests, written with the service role (as a fixture,
// not through the app's commands).
import { type Kysely, sql } from "kysely";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import type { WorkspaceRole } from "@/lib/workspaces/roles";
import type { TestUser } from "./factories";

export async function createTeamWorkspace(db: Kysely<DB>, owner: TestUser, name = "Team") {
  return withServiceRole(
    "tests create a team workspace",
    async (trx) => {
      const { rows } = await sql<{ id: string }>`insert into public.workspaces (name, created_by)
        values (${name}, ${owner.id}) returning id`.execute(trx);
      // The creator becomes its owner (trigger add_workspace_creator).
      return rows[0]!.id;
    },
    db,
  );
}

export async function addMember(
  db: Kysely<DB>,
  workspaceId: string,
  user: TestUser,
  role: WorkspaceRole,
) {
  await withServiceRole(
    "tests add a member",
    (trx) =>
      sql`insert into public.workspace_members (workspace_id, user_id, role)
        values (${workspaceId}, ${user.id}, ${role})`.execute(trx),
    db,
  );
}
