// Factories for rows the tests need. Users and call data are written with the service
// role, as the app's own server paths do; campaigns go through the real commands.
import { randomUUID } from "node:crypto";
import { type Insertable, type Kysely, sql } from "kysely";
import type { Claims } from "@/lib/auth/claims";
import { createSessionToken, SESSION_COOKIE } from "@/lib/auth/local";
import { createCampaign } from "@/lib/campaigns/commands";
import { insertWorkspace } from "@/lib/db/queries/workspaces";
import type { Conversations, DB, Leads, Turns } from "@/lib/db/schema.gen";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { settleBackground } from "@/lib/jobs/background";
import { type CampaignInput, defaultCampaignInput } from "@/lib/validations/campaign";
import type { WorkspaceRole } from "@/lib/workspaces/roles";

export interface TestUser {
  id: string;
  email: string;
  claims: Claims;
  cookie: string;
}

export async function createUser(
  db: Kysely<DB>,
  email = `user-${randomUUID()}@example.com`,
): Promise<TestUser> {
  const { rows } = await withServiceRole(
    "tests create users",
    (trx) =>
      sql<{ id: string }>`insert into auth.users (email, encrypted_password)
        values (${email}, 'not-a-real-hash') returning id`.execute(trx),
    db,
  );
  const id = rows[0]!.id;
  const claims: Claims = {
    sub: id,
    email,
    role: "authenticated",
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  const cookie = `${SESSION_COOKIE}=${await createSessionToken({ id, email })}`;
  return { id, email, claims, cookie };
}

/**
 * A shared workspace created by `owner` (as the app does: under RLS, the trigger makes them
 * its owner), with `members` added by that owner.
 */
export async function createWorkspace(
  db: Kysely<DB>,
  owner: TestUser,
  members: { user: { id: string }; role: WorkspaceRole }[] = [],
  name = "Acme sales",
) {
  const id = randomUUID();
  await withUser(
    owner.claims,
    async (trx) => {
      await insertWorkspace(trx, { id, name, createdBy: owner.id });
      for (const m of members) {
        await trx
          .insertInto("workspace_members")
          .values({ workspace_id: id, user_id: m.user.id, role: m.role })
          .execute();
      }
    },
    db,
  );
  return { id, name };
}

export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return { ...defaultCampaignInput(), name: "Kitchen remodel leads", ...overrides };
}

/**
 * Creates a campaign (in the user's personal workspace, or in `workspaceId`) and waits for its
 * greeting to be synthesised ahead (after-response work).
 */
export async function createCampaignFor(
  user: TestUser,
  overrides: Partial<CampaignInput> = {},
  workspaceId = user.id,
) {
  const campaign = await createCampaign(
    { claims: user.claims, workspaceId },
    campaignInput(overrides),
  );
  await settleBackground();
  return campaign;
}

/** A call in `workspace` (a user stands for their personal workspace: same id). */
export async function createConversation(
  db: Kysely<DB>,
  workspace: { id: string },
  campaignId: string,
  startedAt = new Date(),
  values: Partial<Insertable<Conversations>> = {},
) {
  return withServiceRole(
    "tests create calls",
    (trx) =>
      trx
        .insertInto("conversations")
        .values({
          ...values,
          workspace_id: workspace.id,
          campaign_id: campaignId,
          started_at: startedAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    db,
  );
}

export async function createTurn(
  db: Kysely<DB>,
  conversation: { id: string; workspace_id: string; started_at: Date },
  seq = 0,
  values: Partial<Insertable<Turns>> = {},
) {
  return withServiceRole(
    "tests create turns",
    (trx) =>
      trx
        .insertInto("turns")
        .values({
          workspace_id: conversation.workspace_id,
          conversation_id: conversation.id,
          conversation_started_at: conversation.started_at,
          seq,
          role: "caller",
          text: "I need a new kitchen",
          ...values,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    db,
  );
}

export async function createLead(
  db: Kysely<DB>,
  conversation: { id: string; workspace_id: string; campaign_id: string; started_at: Date },
  values: Partial<Insertable<Leads>> = {},
) {
  return withServiceRole(
    "tests create leads",
    (trx) =>
      trx
        .insertInto("leads")
        .values({
          workspace_id: conversation.workspace_id,
          campaign_id: conversation.campaign_id,
          conversation_id: conversation.id,
          conversation_started_at: conversation.started_at,
          name: "Ann",
          email: "ann@example.com",
          ...values,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    db,
  );
}

/** Row counts of every app table, to prove a rejected request wrote nothing. */
export async function countRows(db: Kysely<DB>) {
  const { rows } = await withServiceRole(
    "tests count rows",
    (trx) =>
      sql<Record<string, string>>`select
        (select count(*) from public.campaigns) as campaigns,
        (select count(*) from public.campaign_slugs) as campaign_slugs,
        (select count(*) from public.conversations) as conversations,
        (select count(*) from public.turns) as turns,
        (select count(*) from public.leads) as leads,
        (select count(*) from public.workspaces) as workspaces,
        (select count(*) from public.workspace_members) as workspace_members,
        (select count(*) from auth.users) as users`.execute(trx),
    db,
  );
  return rows[0]!;
}
