// Migrations up → down → up on each database, the schema they leave, and the migrator's
// guards (edited files, concurrent runs).
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { connectPostgres } from "@/lib/db/client";
import { loadMigrations, migrateDown, migrateUp, migrationStatus } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { createScratchPostgres, DB_KINDS, openTestDatabase } from "../helpers/db";

const TABLES = ["campaigns", "conversations", "turns", "leads"];

async function publicTables(db: Kysely<DB>) {
  const { rows } = await sql<{ relname: string; relkind: string; relrowsecurity: boolean }>`
    select c.relname, c.relkind, c.relrowsecurity from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db);
  return rows;
}

describe.each(DB_KINDS)("migrations [%s]", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind, { migrated: false });
  });
  afterAll(() => database?.close());

  it("applies every migration on an empty database", async () => {
    const all = await loadMigrations();
    const applied = await migrateUp(database.db);
    expect(applied).toEqual(all.map((m) => m.file));
    const status = await migrationStatus(database.db);
    expect(status.every((s) => s.appliedAt && !s.edited)).toBe(true);
  });

  it("leaves the four tables partitioned with RLS on and policies in place", async () => {
    const tables = await publicTables(database.db);
    for (const name of TABLES) {
      const table = tables.find((t) => t.relname === name);
      expect(table, name).toMatchObject({ relkind: "p", relrowsecurity: true });
    }
    // Every table the app creates has RLS on, partitioned or not.
    expect(tables.every((t) => t.relrowsecurity)).toBe(true);
    const { rows } = await sql<{ tablename: string; n: string }>`
      select tablename, count(*) as n from pg_policies
       where schemaname = 'public' and 'authenticated' = any (roles) group by tablename`.execute(
      database.db,
    );
    // The owner's four policies per table (the call token's voxline_caller has its own).
    for (const name of TABLES)
      expect(Number(rows.find((r) => r.tablename === name)?.n), name).toBe(4);
  });

  it("is a no-op when run again", async () => {
    expect(await migrateUp(database.db)).toEqual([]);
  });

  it("rolls everything back to an empty database, then applies again", async () => {
    const all = await loadMigrations();
    const reverted = await migrateDown(database.db, 999);
    expect(reverted).toEqual(all.map((m) => m.file).reverse());
    expect(await publicTables(database.db)).toEqual([]);
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_namespace where nspname in ('voxline', 'auth')`.execute(
      database.db,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    expect(await migrateUp(database.db)).toHaveLength(all.length);
  });

  it("rolls back a given number of steps", async () => {
    const all = await loadMigrations();
    expect(await migrateDown(database.db, 1)).toEqual([all.at(-1)!.file]);
    const status = await migrationStatus(database.db);
    expect(status.filter((s) => !s.appliedAt).map((s) => s.file)).toEqual([all.at(-1)!.file]);
    await migrateUp(database.db);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const all = await loadMigrations();
    const edited = all.map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    await expect(migrateUp(database.db, edited)).rejects.toThrow(/edited: .*auth_shim\.sql/);
    await expect(migrateDown(database.db, 1, edited)).rejects.toThrow(/edited/);
  });
});

describe.runIf(DB_KINDS.includes("postgres"))("concurrent migrate runs [postgres]", () => {
  it("serialises two runs so each migration is applied exactly once", async () => {
    const scratch = await createScratchPostgres();
    const a = connectPostgres(scratch.url);
    const b = connectPostgres(scratch.url);
    try {
      const [ra, rb] = await Promise.all([migrateUp(a.db), migrateUp(b.db)]);
      const all = await loadMigrations();
      expect([...ra, ...rb].sort()).toEqual(all.map((m) => m.file).sort());
      const { rows } = await sql<{
        n: string;
      }>`select count(*) as n from voxline.schema_migrations`.execute(a.db);
      expect(Number(rows[0]!.n)).toBe(all.length);
    } finally {
      await a.close();
      await b.close();
      await scratch.drop();
    }
  });
});
