// Which Twilio numbers each workspace may answer (table telephony_numbers). Operators assign
// them (npm run telephony:numbers); members only see their workspace's numbers and pick one
// in the phone settings. Postgres enforces the assignment with a foreign key from
// campaign_phone_numbers, so no code path can point a campaign at a number it was not given.
import { type Kysely, sql } from "kysely";
import type { DB } from "@/lib/db/schema.gen";
import { type Tx, withServiceRole, withUser } from "@/lib/db/scoped";
import type { Actor } from "@/lib/workspaces/actor";

const WHY = "operators assign Twilio numbers to workspaces";

export interface AssignedNumber {
  e164: string;
  workspaceId: string;
  label: string;
  /** The campaign answering it, when one does and the reader may see it. */
  campaignId: string | null;
}

function listQuery(trx: Tx) {
  return trx
    .selectFrom("telephony_numbers as t")
    .leftJoin("campaign_phone_numbers as c", "c.e164", "t.e164")
    .select(["t.e164", "t.workspace_id as workspaceId", "t.label", "c.campaign_id as campaignId"])
    .orderBy("t.e164");
}

/** The numbers of the actor's workspace, for the phone settings form. */
export function numbersForWorkspace(actor: Actor): Promise<AssignedNumber[]> {
  return withUser(actor.claims, (trx) =>
    listQuery(trx).where("t.workspace_id", "=", actor.workspaceId).execute(),
  );
}

/** Every assignment (operators). */
export function listAssignments(db?: Kysely<DB>): Promise<AssignedNumber[]> {
  return withServiceRole(WHY, (trx) => listQuery(trx).execute(), db);
}

export type AssignResult = "assigned" | "unchanged" | "taken";

/**
 * Gives `e164` to a workspace. A number another workspace holds is "taken": it must be
 * unassigned first, which also removes the phone settings of the campaign using it.
 */
export function assignNumber(
  e164: string,
  workspaceId: string,
  label = "",
  db?: Kysely<DB>,
): Promise<AssignResult> {
  return withServiceRole(
    WHY,
    async (trx) => {
      const held = await trx
        .selectFrom("telephony_numbers")
        .select("workspace_id")
        .where("e164", "=", e164)
        .forUpdate()
        .executeTakeFirst();
      if (held && held.workspace_id !== workspaceId) return "taken";
      await trx
        .insertInto("telephony_numbers")
        .values({ e164, workspace_id: workspaceId, label })
        .onConflict((oc) => oc.column("e164").doUpdateSet({ label }))
        .execute();
      return held ? "unchanged" : "assigned";
    },
    db,
  );
}

/** Takes a number back; the campaign settings using it go with it (foreign key cascade). */
export function unassignNumber(e164: string, db?: Kysely<DB>): Promise<boolean> {
  return withServiceRole(
    WHY,
    async (trx) => {
      const r = await trx.deleteFrom("telephony_numbers").where("e164", "=", e164).execute();
      return Number(r[0]?.numDeletedRows ?? 0) > 0;
    },
    db,
  );
}

/** The workspace an operator names by id, or by an owner's email (their personal workspace). */
export function findWorkspace(ref: string, db?: Kysely<DB>): Promise<string | null> {
  return withServiceRole(
    WHY,
    async (trx) => {
      const byId = /^[0-9a-f-]{36}$/i.test(ref)
        ? await trx.selectFrom("workspaces").select("id").where("id", "=", ref).executeTakeFirst()
        : undefined;
      if (byId) return byId.id;
      // A personal workspace's id is its owner's user id.
      const { rows } = await sql<{ id: string }>`
        select id from auth.users where lower(email) = ${ref.toLowerCase()}`.execute(trx);
      return rows[0]?.id ?? null;
    },
    db,
  );
}
