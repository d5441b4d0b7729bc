// Migration 20261202190000_lead_workflow on a database holding leads in the old statuses:
// unqualified becomes lost and converted becomes won (the others keep theirs), the new check
// refuses an old status, and the down migration maps them back.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { loadMigrations, migrateDown, migrateUp } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { DB_KINDS, openTestDatabase } from "../helpers/db";

const VERSION = "20261202190000";
const OLD = ["new", "contacted", "qualified", "unqualified", "converted"];

// Run as postgres (the table owner): RLS does not apply.
async function statuses(db: Kysely<DB>) {
  const { rows } = await sql<{ name: string; status: string }>`
    select name, status from public.leads order by name`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.status]));
}

describe.each(DB_KINDS)("lead workflow migration [%s]", (kind) => {
  let database: Database;
  const db = () => database.db;

  beforeAll(async () => {
    database = await openTestDatabase(kind, { migrated: false });
    const all = await loadMigrations();
    await migrateUp(
      db(),
      all.filter((m) => m.version < VERSION),
    );
    await sql`insert into auth.users (id, email, encrypted_password)
      values ('00000000-0000-4000-8000-000000000001', 'old@example.com', 'x')`.execute(db());
    const ws = "00000000-0000-4000-8000-000000000001";
    const { rows } = await sql<{ id: string }>`insert into public.campaigns
      (workspace_id, created_by, name, public_slug)
      values (${ws}, ${ws}, 'Old', 'old-campaign') returning id`.execute(db());
    const campaign = rows[0]!.id;
    for (const status of OLD) {
      // The lead copies the call's started_at in SQL: a JS Date would drop its microseconds.
      await sql`with c as (
          insert into public.conversations (workspace_id, campaign_id)
          values (${ws}, ${campaign}) returning id, started_at)
        insert into public.leads (workspace_id, campaign_id, conversation_id,
          conversation_started_at, name, status)
        select ${ws}, ${campaign}, c.id, c.started_at, ${status}, ${status} from c`.execute(db());
    }
  }, 120_000);

  afterAll(async () => {
    await database?.close();
  });

  it("maps the old statuses up, refuses them after, and maps them back down", async () => {
    await migrateUp(db());
    expect(await statuses(db())).toEqual({
      new: "new",
      contacted: "contacted",
      qualified: "qualified",
      unqualified: "lost",
      converted: "won",
    });
    await expect(
      sql`update public.leads set status = 'converted' where name = 'new'`.execute(db()),
    ).rejects.toThrow(/leads_status_check/);
    const later = (await loadMigrations()).filter((m) => m.version >= VERSION).length;
    await migrateDown(db(), later);
    expect(await statuses(db())).toEqual(Object.fromEntries(OLD.map((s) => [s, s])));
    await migrateUp(db());
  });
});
