// Factories for rows the tests need. Users and call data are written with the service
// role, as the app's own server paths do; campaigns go through the real commands.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Claims } from "@/lib/auth/claims";
import { createSessionToken, SESSION_COOKIE } from "@/lib/auth/local";
import { createCampaign } from "@/lib/campaigns/commands";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { type CampaignInput, defaultCampaignInput } from "@/lib/validations/campaign";

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

export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return { ...defaultCampaignInput(), name: "Kitchen remodel leads", ...overrides };
}

export function createCampaignFor(user: TestUser, overrides: Partial<CampaignInput> = {}) {
  return createCampaign(user.claims, campaignInput(overrides));
}

export async function createConversation(
  db: Kysely<DB>,
  owner: { id: string },
  campaignId: string,
  startedAt = new Date(),
) {
  return withServiceRole(
    "tests create calls",
    (trx) =>
      trx
        .insertInto("conversations")
        .values({ owner_id: owner.id, campaign_id: campaignId, started_at: startedAt })
        .returningAll()
        .executeTakeFirstOrThrow(),
    db,
  );
}

export async function createTurn(
  db: Kysely<DB>,
  conversation: { id: string; owner_id: string; started_at: Date },
  seq = 0,
) {
  return withServiceRole(
    "tests create turns",
    (trx) =>
      trx
        .insertInto("turns")
        .values({
          owner_id: conversation.owner_id,
          conversation_id: conversation.id,
          conversation_started_at: conversation.started_at,
          seq,
          role: "caller",
          text: "I need a new kitchen",
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    db,
  );
}

export async function createLead(
  db: Kysely<DB>,
  conversation: { id: string; owner_id: string; campaign_id: string; started_at: Date },
) {
  return withServiceRole(
    "tests create leads",
    (trx) =>
      trx
        .insertInto("leads")
        .values({
          owner_id: conversation.owner_id,
          campaign_id: conversation.campaign_id,
          conversation_id: conversation.id,
          conversation_started_at: conversation.started_at,
          name: "Ann",
          email: "ann@example.com",
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
        (select count(*) from auth.users) as users`.execute(trx),
    db,
  );
  return rows[0]!;
}
