// Applies the SQL files in supabase/migrations (up) and supabase/migrations/down (down),
// recorded with checksums in voxline.schema_migrations, under a session advisory lock
// so concurrent runs (two deploys, a deploy and a dev server) queue instead of racing.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.gen";

export interface Migration {
  version: string;
  name: string;
  file: string;
  up: string;
  down: string | null;
  checksum: string;
}

export interface MigrationState extends Migration {
  appliedAt: Date | null;
  edited: boolean;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

const LOCK_ID = 7_318_049_221; // arbitrary, constant: one lock for every migrate run
const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export function migrationsDir(root = process.cwd()) {
  return path.join(root, "supabase", "migrations");
}

const checksumOf = (text: string) => createHash("sha256").update(text).digest("hex");

export async function loadMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const [, version, name] = FILE_PATTERN.exec(file)!;
      const up = await readFile(path.join(dir, file), "utf8");
      const down = await readFile(path.join(dir, "down", file), "utf8").catch(() => null);
      return { version: version!, name: name!, file, up, down, checksum: checksumOf(up) };
    }),
  );
}

type Db = Kysely<DB>;

async function ensureTable(db: Db) {
  await sql`create schema if not exists voxline`.execute(db);
  await sql`create table if not exists voxline.schema_migrations (
    version text primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
}

async function appliedRows(db: Db) {
  const { rows } = await sql<{ version: string; checksum: string; applied_at: Date }>`
    select version, checksum, applied_at from voxline.schema_migrations order by version`.execute(
    db,
  );
  return rows;
}

/** Runs `fn` on one connection holding the migration lock. */
async function withLock<T>(db: Db, fn: (conn: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_ID})`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_ID})`.execute(conn);
    }
  });
}

export async function migrationStatus(db: Db, migrations?: Migration[]): Promise<MigrationState[]> {
  const all = migrations ?? (await loadMigrations());
  const exists = await sql<{ found: string | null }>`
    select to_regclass('voxline.schema_migrations')::text as found`.execute(db);
  const applied = exists.rows[0]?.found ? await appliedRows(db) : [];
  const byVersion = new Map(applied.map((r) => [r.version, r]));
  return all.map((m) => {
    const row = byVersion.get(m.version);
    return {
      ...m,
      appliedAt: row?.applied_at ?? null,
      edited: !!row && row.checksum !== m.checksum,
    };
  });
}

function refuseEdited(states: MigrationState[]) {
  const edited = states.filter((s) => s.edited);
  if (edited.length > 0) {
    throw new MigrationError(
      `Applied migration${edited.length > 1 ? "s were" : " was"} edited: ${edited
        .map((s) => s.file)
        .join(", ")}. Restore the original file and add a new migration for the change.`,
    );
  }
}

/** Applies every pending migration in order, then creates the upcoming monthly partitions. */
export async function migrateUp(db: Db, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await loadMigrations());
  return withLock(db, async (conn) => {
    await ensureTable(conn);
    const states = await migrationStatus(conn, all);
    refuseEdited(states);
    const applied = new Set((await appliedRows(conn)).map((r) => r.version));
    const unknown = [...applied].filter((v) => !all.some((m) => m.version === v));
    if (unknown.length > 0) {
      throw new MigrationError(
        `The database has migrations this code does not: ${unknown.join(", ")}`,
      );
    }
    const done: string[] = [];
    for (const m of states.filter((s) => !s.appliedAt)) {
      await conn.transaction().execute(async (trx) => {
        await sql.raw(m.up).execute(trx);
        await sql`insert into voxline.schema_migrations (version, name, checksum)
          values (${m.version}, ${m.name}, ${m.checksum})`.execute(trx);
      });
      done.push(m.file);
    }
    await createPartitions(conn);
    return done;
  });
}

/** Reverts the last `steps` applied migrations, newest first. */
export async function migrateDown(
  db: Db,
  steps: number,
  migrations?: Migration[],
): Promise<string[]> {
  if (!Number.isInteger(steps) || steps < 1)
    throw new MigrationError("steps must be a positive integer");
  const all = migrations ?? (await loadMigrations());
  return withLock(db, async (conn) => {
    await ensureTable(conn);
    const states = await migrationStatus(conn, all);
    refuseEdited(states);
    const applied = (await appliedRows(conn)).map((r) => r.version).reverse();
    const done: string[] = [];
    for (const version of applied.slice(0, steps)) {
      const m = all.find((x) => x.version === version);
      if (!m?.down) {
        throw new MigrationError(
          `No down migration for ${m?.file ?? version}: cannot roll it back`,
        );
      }
      await conn.transaction().execute(async (trx) => {
        await sql.raw(m.down!).execute(trx);
        await sql`delete from voxline.schema_migrations where version = ${version}`.execute(trx);
      });
      done.push(m.file);
    }
    // Rolled back to nothing: leave the database as empty as we found it.
    if ((await appliedRows(conn)).length === 0) {
      await sql`drop schema voxline cascade`.execute(conn);
    }
    return done;
  });
}

/** Creates the upcoming monthly partitions, if the schema that defines them is in place. */
export async function createPartitions(db: Db, monthsAhead = 3): Promise<string[]> {
  const fn = await sql<{ found: string | null }>`
    select to_regprocedure('public.create_monthly_partitions(integer, integer)')::text as found`.execute(
    db,
  );
  if (!fn.rows[0]?.found) return [];
  const { rows } = await sql<{ name: string }>`
    select public.create_monthly_partitions(${monthsAhead}) as name`.execute(db);
  return rows.map((r) => r.name);
}

/** The newest migration this code ships; health checks compare it with the database's. */
export async function latestVersion(migrations?: Migration[]) {
  const all = migrations ?? (await loadMigrations());
  return all.at(-1)?.version ?? null;
}
