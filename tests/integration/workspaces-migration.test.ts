// Migration 20261201200000_workspaces up → down → up on a database holding data written under
// the schema before it (owner_id): row counts and ownership are checked after each step.
// Between the first up and the down, a shared workspace gets rows of its own, so the down
// migration's move of shared rows to their first owner is exercised too.
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { loadMigrations, migrateDown, migrateUp } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { DB_KINDS, openTestDatabase } from "../helpers/db";

const VERSION = "20261201200000";
const TABLES = [
  "campaigns",
  "campaign_slugs",
  "conversations",
  "turns",
  "leads",
  "greeting_audio",
  "jobs",
] as const;
// Run as postgres (the table owner): RLS does not apply, the schema is whatever is migrated.
type Db = Kysely<DB>;
const raw = (db: Db) => db as unknown as Kysely<Record<string, Record<string, unknown>>>;

async function tenantColumn(db: Db) {
  const { rows } = await sql<{ name: string }>`
    select attname as name from pg_attribute
     where attrelid = 'public.turns'::regclass and attname in ('owner_id', 'workspace_id')
       and not attisdropped`.execute(db);
  return rows[0]!.name;
}

/** Every tenant row as `table:key → tenant`, the key being what identifies the row. */
async function tenants(db: Db) {
  const col = sql.ref(await tenantColumn(db));
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const key =
      table === "campaign_slugs"
        ? sql`slug`
        : table === "greeting_audio"
          ? sql`campaign_id::text || cache_key`
          : sql`id::text`;
    const { rows } = await sql<{ k: string; t: string }>`
      select ${key} as k, ${col}::text as t from ${sql.table(`public.${table}`)}`.execute(db);
    for (const r of rows) out[`${table}:${r.k}`] = r.t;
  }
  return out;
}

async function counts(db: Db) {
  const out: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from ${sql.table(`public.${table}`)}`.execute(db);
    out[table] = Number(rows[0]!.n);
  }
  return out;
}

const exists = async (db: Db, rel: string) =>
  (await sql<{ r: string | null }>`select to_regclass(${rel})::text as r`.execute(db)).rows[0]!
    .r !== null;

/** A campaign with a call, its turns, lead, cached greeting and job, under `tenant`. */
async function seedCalls(db: Db, column: string, tenant: string, slug: string, extra = {}) {
  const c = await raw(db)
    .insertInto("public.campaigns")
    .values({ [column]: tenant, name: `Campaign ${slug}`, public_slug: slug, ...extra })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  await raw(db)
    .insertInto("public.campaign_slugs")
    .values({ slug, [column]: tenant, campaign_id: c.id })
    .execute();
  const startedAt = new Date();
  const v = await raw(db)
    .insertInto("public.conversations")
    .values({ [column]: tenant, campaign_id: c.id, started_at: startedAt })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  const parent = { [column]: tenant, conversation_id: v.id, conversation_started_at: startedAt };
  for (const seq of [0, 1, 2]) {
    await raw(db)
      .insertInto("public.turns")
      .values({ ...parent, seq, role: seq % 2 ? "caller" : "agent", text: `turn ${seq}` })
      .execute();
  }
  await raw(db)
    .insertInto("public.leads")
    .values({ ...parent, campaign_id: c.id, name: "Ann" })
    .execute();
  await raw(db)
    .insertInto("public.greeting_audio")
    .values({
      [column]: tenant,
      campaign_id: c.id,
      cache_key: "k1",
      format: "pcm_s16le",
      sample_rate: 24000,
      audio: Buffer.from([1, 2, 3, 4]),
    })
    .execute();
  await raw(db)
    .insertInto("public.jobs")
    .values({ ...parent, kind: "analyze_call" })
    .execute();
  return c.id as string;
}

describe.each(DB_KINDS)("workspaces migration up → down → up [%s]", (kind) => {
  let database: Database;
  const db = () => database.db;
  let ann: string;
  let bob: string;
  let before: Record<string, string>;
  let countsBefore: Record<string, number>;
  let sharedCampaign: string;
  let sharedKeys: string[];

  beforeAll(async () => {
    database = await openTestDatabase(kind, { migrated: false });
    const all = await loadMigrations();
    await migrateUp(
      db(),
      all.filter((m) => m.version < VERSION),
    );
    const user = async (email: string) =>
      (
        await sql<{ id: string }>`insert into auth.users (email, encrypted_password)
          values (${email}, 'x') returning id`.execute(db())
      ).rows[0]!.id;
    ann = await user(`ann-${randomUUID()}@example.com`);
    bob = await user(`bob-${randomUUID()}@example.com`);
    await seedCalls(db(), "owner_id", ann, "ann-first-one");
    await seedCalls(db(), "owner_id", ann, "ann-second-one");
    await seedCalls(db(), "owner_id", bob, "bob-only-one");
    before = await tenants(db());
    countsBefore = await counts(db());
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it("keeps every row with its owner's personal workspace going up", async () => {
    const campaignsBefore = await sql<{ id: string; updated_at: Date }>`
      select id, updated_at from public.campaigns order by id`.execute(db());
    await migrateUp(db());
    expect(await tenantColumn(db())).toBe("workspace_id");
    expect(await counts(db())).toEqual(countsBefore);
    expect(await tenants(db())).toEqual(before);
    const { rows: workspaces } = await sql<{ id: string; personal: boolean; role: string }>`
      select w.id, w.personal, m.role from public.workspaces w
        join public.workspace_members m on m.workspace_id = w.id and m.user_id = w.id
       order by w.id`.execute(db());
    expect(workspaces).toEqual(
      [ann, bob].sort().map((id) => ({ id, personal: true, role: "owner" })),
    );
    // created_by is the old owner, and the backfill did not stamp campaigns as edited.
    const { rows: campaigns } = await sql<{ id: string; updated_at: Date; created_by: string }>`
      select id, updated_at, created_by from public.campaigns order by id`.execute(db());
    expect(campaigns.map(({ id, updated_at }) => ({ id, updated_at }))).toEqual(
      campaignsBefore.rows,
    );
    for (const c of campaigns) expect(c.created_by).toBe(before[`campaigns:${c.id}`]);
  });

  it("gives users who sign up afterwards a personal workspace", async () => {
    const { rows } = await sql<{ id: string }>`insert into auth.users (email, encrypted_password)
      values (${`cat-${randomUUID()}@example.com`}, 'x') returning id`.execute(db());
    const cat = rows[0]!.id;
    const { rows: mine } = await sql<{ role: string; personal: boolean }>`
      select m.role, w.personal from public.workspace_members m
        join public.workspaces w on w.id = m.workspace_id
       where m.user_id = ${cat} and w.id = ${cat}`.execute(db());
    expect(mine).toEqual([{ role: "owner", personal: true }]);
    await sql`delete from auth.users where id = ${cat}`.execute(db());
    expect(await exists(db(), "public.workspaces")).toBe(true);
    const left = await sql`select 1 from public.workspaces where id = ${cat}`.execute(db());
    expect(left.rows).toHaveLength(0);
  });

  it("moves a shared workspace's rows to its first owner going down", async () => {
    // Bob creates a shared workspace, then makes Ann an owner too: Bob is its first owner.
    const shared = randomUUID();
    await sql`insert into public.workspaces (id, name, created_by) values (${shared}, 'Team', ${bob})`.execute(
      db(),
    );
    await sql`insert into public.workspace_members (workspace_id, user_id, role, created_at)
      values (${shared}, ${ann}, 'owner', now() + interval '1 minute')`.execute(db());
    sharedCampaign = await seedCalls(db(), "workspace_id", shared, "team-shared-one", {
      created_by: ann,
    });
    const withShared = await tenants(db());
    sharedKeys = Object.keys(withShared).filter((k) => withShared[k] === shared);
    expect(sharedKeys.length).toBeGreaterThan(7);
    const countsWithShared = await counts(db());

    // Down through this migration, and any later ones (they build on workspaces).
    const later = (await loadMigrations()).filter((m) => m.version >= VERSION).length;
    await migrateDown(db(), later);
    expect(await tenantColumn(db())).toBe("owner_id");
    expect(await exists(db(), "public.workspaces")).toBe(false);
    expect(await exists(db(), "public.workspace_members")).toBe(false);
    expect(await counts(db())).toEqual(countsWithShared);
    const after = await tenants(db());
    expect(after).toEqual({
      ...before,
      ...Object.fromEntries(sharedKeys.map((k) => [k, bob])),
    });
    // The old schema's rules hold again: the campaign's owner must be a user.
    await expect(
      sql`insert into public.campaigns (owner_id, name, public_slug)
        values (${randomUUID()}, 'x', 'orphan-after-down')`.execute(db()),
    ).rejects.toMatchObject({ code: "23503" });
  });

  it("comes back up with the same rows, each in its owner's personal workspace", async () => {
    const down = await tenants(db());
    const countsDown = await counts(db());
    await migrateUp(db());
    expect(await counts(db())).toEqual(countsDown);
    expect(await tenants(db())).toEqual(down);
    const { rows } = await sql<{ workspace_id: string }>`
      select workspace_id from public.campaigns where id = ${sharedCampaign}`.execute(db());
    expect(rows).toEqual([{ workspace_id: bob }]);
    const { rows: ws } = await sql<{ n: string }>`
      select count(*) as n from public.workspaces where personal`.execute(db());
    expect(Number(ws[0]!.n)).toBe(2);
  });
});
