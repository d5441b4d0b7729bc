// Supabase's default privileges grant ALL on every new table, partition, function and
// sequence in public to anon and authenticated. On a database prepared that way before
// migrating, every table and every partition (enumerated from the catalog, so tables added
// later are covered, and including a partition made after the migration) refuses select,
// insert, update, delete and truncate to anon and to another tenant.
import { type Kysely, type RawBuilder, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { auditGrants, type GrantFinding } from "@/lib/db/grants-audit";
import { loadMigrations, migrateDown, migrateUp } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { DB_KINDS } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { publicRelations, useSupabaseDatabase } from "../helpers/supabase-defaults";

const OURS = "20261201190000"; // the first migration that closes the grants
// The tables this suite puts the victim's rows in; tables other migrations add are probed too.
const SEEDED = [
  "workspaces",
  "workspace_members",
  "campaigns",
  "campaign_slugs",
  "conversations",
  "turns",
  "leads",
];
const OPS = ["select", "insert", "update", "delete", "truncate"] as const;
type Op = (typeof OPS)[number];
type Conn = Kysely<DB>;

interface Attacker {
  role: "anon" | "authenticated";
  claims: Record<string, unknown>;
}

interface Relation {
  name: string;
  partition: boolean;
  tenant: string | null;
}

/** The victim's rows in `rel`, by physical identity (an update or delete changes it). */
async function victimRows(conn: Conn, rel: Relation, victim: string) {
  // The victim's personal workspace has the victim's id.
  const where = rel.tenant ? sql`where ${sql.ref(rel.tenant)} = ${victim}` : sql``;
  const { rows } = await sql<{ id: string; row: string }>`
    select tableoid::text || ctid::text as id, to_jsonb(t)::text as row
      from ${sql.raw(rel.name)} t ${where}`.execute(conn);
  return rows;
}

async function statementFor(
  conn: Conn,
  rel: Relation,
  op: Op,
  sample?: string,
): Promise<RawBuilder<unknown>> {
  const t = sql.raw(rel.name);
  if (op === "select") return sql`select to_jsonb(t)::text as row from ${t} t`;
  if (op === "delete") return sql`delete from ${t}`;
  if (op === "truncate") return sql`truncate ${t}`;
  const { rows } = await sql<{ name: string }>`
    select attname as name from pg_attribute where attrelid = ${rel.name}::regclass
       and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`.execute(conn);
  const columns = sql.join(rows.map((c) => sql.ref(c.name)));
  if (op === "update")
    return sql`update ${t} set ${sql.ref(rows[0]!.name)} = ${sql.ref(rows[0]!.name)}`;
  // A copy of the victim's row: only RLS (42501) may stop it before its key collides.
  if (!sample) return sql`insert into ${t} default values`;
  return sql`insert into ${t} (${columns}) overriding system value
    select ${columns} from jsonb_populate_record(null::${t}, ${sample}::jsonb)`;
}

/** Runs one statement as the attacker inside a transaction that is always rolled back. */
async function attempt(db: Conn, rel: Relation, op: Op, who: Attacker, victim: string) {
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      const before = await victimRows(conn, rel, victim);
      const statement = await statementFor(conn, rel, op, before[0]?.row);
      await sql`select set_config('request.jwt.claims', ${JSON.stringify(who.claims)}, true),
        set_config('role', ${who.role}, true)`.execute(conn);
      await sql`savepoint probe`.execute(conn);
      let code: string | undefined;
      let seen: string[] = [];
      try {
        const { rows } = await statement.execute(conn);
        seen = (rows as { row?: string }[]).map((r) => r.row ?? "");
      } catch (error) {
        code = (error as { code?: string }).code ?? String(error);
        await sql`rollback to savepoint probe`.execute(conn);
      }
      await sql`reset role`.execute(conn);
      const after = await victimRows(conn, rel, victim);
      return { code, seen, before, after };
    } finally {
      await sql`rollback`.execute(conn);
    }
  });
}

/** Why the attempt was not refused, or null when it was. */
function leak(rel: Relation, op: Op, r: Awaited<ReturnType<typeof attempt>>): string | null {
  if (r.code === "42501") return null;
  if (rel.partition || op === "insert" || op === "truncate")
    return `expected permission denied, got ${r.code ?? "success"}`;
  if (op === "select") {
    const victims = new Set(r.before.map((v) => v.row));
    return r.seen.some((row) => victims.has(row)) ? "saw the victim's rows" : null;
  }
  const ids = (rows: { id: string }[]) => rows.map((v) => v.id).sort();
  return JSON.stringify(ids(r.before)) === JSON.stringify(ids(r.after))
    ? null
    : `changed the victim's rows (${r.code ?? "no error"})`;
}

describe.each(DB_KINDS)("Supabase default privileges [%s]", (kind) => {
  let findingsBefore: GrantFinding[] = [];
  const db = useSupabaseDatabase(kind, async (conn) => {
    const all = await loadMigrations();
    await migrateUp(
      conn,
      all.filter((m) => m.version < OURS),
    );
    findingsBefore = await auditGrants(conn);
    await migrateUp(conn, all);
  });

  let victim: TestUser;
  let tenant: TestUser;
  let later: string[];
  let aheadSuffix: string;
  beforeAll(async () => {
    victim = await createUser(db());
    tenant = await createUser(db());
    const campaign = await createCampaignFor(victim);
    await createCampaignFor(tenant, { name: "The other tenant's campaign" });
    const now = await createConversation(db(), victim, campaign.id);
    await createTurn(db(), now);
    await createLead(db(), now);
    // A partition made after the migration, with the victim's rows in it.
    const { rows } = await sql<{ name: string }>`
      select public.create_monthly_partitions(5) as name`.execute(db());
    later = rows.map((r) => r.name);
    const when = new Date();
    when.setUTCDate(15);
    when.setUTCMonth(when.getUTCMonth() + 5);
    aheadSuffix = `_${when.getUTCFullYear()}_${String(when.getUTCMonth() + 1).padStart(2, "0")}`;
    const ahead = await createConversation(db(), victim, campaign.id, when);
    await createTurn(db(), ahead);
    await createLead(db(), ahead);
  });

  it("found the open grants before the migration, and none after", async () => {
    const partitionGrants = findingsBefore.filter(
      (f) => f.kind === "partition" && f.role === "anon",
    );
    expect(partitionGrants.length).toBeGreaterThan(0);
    expect(findingsBefore).toContainEqual(
      expect.objectContaining({
        object: "campaigns",
        role: "authenticated",
        privilege: "TRUNCATE",
      }),
    );
    expect(await auditGrants(db())).toEqual([]);
  });

  it("closes partitions made after the migration as they are created", async () => {
    expect(later).toHaveLength(6); // two months ahead of the migrator's three, three tables
    const rels = await publicRelations(db());
    for (const name of later) expect(rels.map((r) => r.name)).toContain(`public.${name}`);
  });

  const attackers = (): [string, Attacker][] => [
    ["anon", { role: "anon", claims: { role: "anon" } }],
    ["another tenant", { role: "authenticated", claims: tenant.claims }],
  ];

  it("refuses every operation on every table and partition to anon and another tenant", async () => {
    const rels = await publicRelations(db());
    expect(rels.filter((r) => r.partition).length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const [who, attacker] of attackers()) {
      for (const rel of rels) {
        for (const op of OPS) {
          const result = await attempt(db(), rel, op, attacker, victim.id);
          // Where the victim has rows a refusal is a real one: check they are there.
          const seeded = SEEDED.some(
            (t) => rel.name === `public.${t}` || rel.name === `public.${t}${aheadSuffix}`,
          );
          if (seeded) expect(result.before.length, `victim rows in ${rel.name}`).toBeGreaterThan(0);
          const why = leak(rel, op, result);
          if (why) leaks.push(`${who} ${op} ${rel.name}: ${why}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 120_000); // ~500 probes, each its own transaction: slow on a loaded machine

  it("lets neither run the partition functions", async () => {
    for (const [who, attacker] of attackers()) {
      for (const call of [
        "select public.create_monthly_partitions(24)",
        "select public.close_partition('public.campaigns')",
      ]) {
        const code = await db()
          .transaction()
          .execute(async (trx) => {
            await sql`select set_config('request.jwt.claims', ${JSON.stringify(attacker.claims)}, true),
              set_config('role', ${attacker.role}, true)`.execute(trx);
            return sql.raw(call).execute(trx);
          })
          .then(
            () => "success",
            (e: { code?: string }) => e.code,
          );
        expect(code, `${who}: ${call}`).toBe("42501");
      }
    }
  });

  it("restores the previous grants when the migrations are rolled back", async () => {
    // Every migration from the first that closes the grants on, whatever came after it.
    const closing = (await loadMigrations()).filter((m) => m.version >= OURS).length;
    await migrateDown(db(), closing);
    expect(await auditGrants(db())).toEqual(findingsBefore);
    await migrateUp(db());
    expect(await auditGrants(db())).toEqual([]);
  });
});
