// `npm run db:rollback` as operators run it (a child process, real exit codes), on each
// database: on a database whose tables hold rows it refuses without --force, naming what it
// would drop and how many rows; with --force it reverts; an empty database rolls back freely.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionToken } from "@/lib/auth/local";
import { connectPostgres, type Database, openPglite, setDatabase } from "@/lib/db/client";
import { migrateUp, migrationStatus } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { createScratchPostgres, DB_KINDS } from "../helpers/db";
import { runScript } from "../helpers/scripts";

const MY_MIGRATION = "20261201120000";

const dbRollback = (args: string[], env: Record<string, string>) =>
  runScript("migrate", ["down", ...args], env);

interface Target {
  env: Record<string, string>;
  /** Opens the database in this process (PGlite: only while the script is not running). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
}

async function target(kind: (typeof DB_KINDS)[number]): Promise<Target> {
  if (kind === "pglite") {
    const dir = await mkdtemp(path.join(tmpdir(), "voxline-rollback-"));
    return {
      env: { VOXLINE_DATA_DIR: dir },
      open: () => openPglite({ dataDir: path.join(dir, "pglite") }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const scratch = await createScratchPostgres();
  return {
    env: { DATABASE_URL: scratch.url },
    open: async () => connectPostgres(scratch.url, 1),
    cleanup: scratch.drop,
  };
}

async function withDb<T>(t: Target, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const database = await t.open();
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

/** How many migrations, newest first, down to and including this branch's session table. */
const stepsToSessions = (db: Kysely<DB>) =>
  migrationStatus(db).then(
    (all) => all.filter((m) => m.appliedAt && m.version >= MY_MIGRATION).length,
  );

// PGlite opens its data directory afresh in every script run: slow on a shared machine.
describe.each(DB_KINDS)("db:rollback [%s]", { timeout: 180_000 }, (kind) => {
  let t: Target;
  beforeAll(async () => {
    t = await target(kind);
    await withDb(t, (db) => migrateUp(db));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("rolls an empty database back without --force", async () => {
    const steps = await withDb(t, stepsToSessions);
    const { code, output } = await dbRollback(["--steps", String(steps)], t.env);
    expect(code, output).toBe(0);
    expect(output).toMatch(/would drop table auth\.sessions \(0 rows\)/);
    expect(output).toContain(`reverted ${MY_MIGRATION}_auth_sessions.sql`);
    await withDb(t, (db) => migrateUp(db));
  });

  it("refuses to drop tables that hold rows without --force, then drops them with it", async () => {
    // A signed-in user: a row in auth.users and one in auth.sessions.
    const steps = await withDb(t, async (db) => {
      const database = { db, kind, close: async () => {} } as Database;
      setDatabase(database);
      try {
        const { rows } = await withServiceRole("test user", (trx) =>
          sql<{ id: string }>`insert into auth.users (email, encrypted_password)
            values ('rollback@example.com', 'x') returning id`.execute(trx),
        );
        await createSessionToken({ id: rows[0]!.id, email: "rollback@example.com" });
      } finally {
        setDatabase(undefined);
      }
      return stepsToSessions(db);
    });

    const dry = await dbRollback(["--steps", String(steps), "--dry-run"], t.env);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toMatch(/would drop table auth\.sessions \(1 rows\)/);

    const refused = await dbRollback(["--steps", String(steps)], t.env);
    expect(refused.code, refused.output).toBe(3);
    expect(refused.output).toMatch(
      /Refusing: this rollback destroys data in .*auth\.sessions \(1 rows\)/,
    );
    expect(refused.output).toContain("--force");
    const still = await withDb(t, (db) =>
      sql<{ n: number }>`select count(*)::int as n from auth.sessions`.execute(db),
    );
    expect(still.rows[0]!.n).toBe(1);

    const forced = await dbRollback(["--steps", String(steps), "--force"], t.env);
    expect(forced.code, forced.output).toBe(0);
    expect(forced.output).toContain(`reverted ${MY_MIGRATION}_auth_sessions.sql`);
    const gone = await withDb(t, (db) =>
      sql<{ t: string | null }>`select to_regclass('auth.sessions')::text as t`.execute(db),
    );
    expect(gone.rows[0]!.t).toBeNull();
  });
});
