// One Kysely over one pg Pool: real Postgres when DATABASE_URL is set, otherwise the
// embedded PGlite in VOXLINE_DATA_DIR, opened lazily (never at import time: `next build`
// imports route modules) and migrated on open. The instance lives on globalThis so dev
// reloads reuse it; PGlite has one connection, so the pool of one serialises transactions.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { migrateUp } from "./migrator";
import type { DB } from "./schema.gen";

export interface Database {
  db: Kysely<DB>;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

export function connectPostgres(connectionString: string, max = 5): Database {
  // A database that never answers must fail a request, not hang it.
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // An idle connection the server drops (a restart, a pooler recycling it) is re-emitted
  // here; unheard, that 'error' event would crash the process. The pool replaces it.
  pool.on("error", (err) => logger.warn({ err }, "idle database connection lost"));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: "postgres", close: () => db.destroy() };
}

export interface PgliteOptions {
  /** A directory for the data, or undefined for memory only. */
  dataDir?: string;
  /** A snapshot from `dumpDataDir()`, loaded instead of running initdb. */
  snapshot?: Blob;
  /** Apply pending migrations on open (the embedded default does). */
  migrate?: boolean;
}

export async function openPglite(
  options: PgliteOptions = {},
): Promise<Database & { pglite: PGlite }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, { loadDataDir: options.snapshot });
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1, idleTimeoutMillis: 0 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  if (options.migrate) await migrateUp(db);
  return {
    db,
    pglite,
    kind: "pglite",
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

const globalForDb = globalThis as unknown as { voxlineDb?: Promise<Database> };

/** The app's database, opened on first use. */
export function getDatabase(): Promise<Database> {
  globalForDb.voxlineDb ??= (async () => {
    const { DATABASE_URL, DATABASE_POOL_MAX, VOXLINE_DATA_DIR } = env();
    if (DATABASE_URL) return connectPostgres(DATABASE_URL, DATABASE_POOL_MAX);
    return openPglite({ dataDir: path.resolve(VOXLINE_DATA_DIR, "pglite"), migrate: true });
  })().catch((error) => {
    globalForDb.voxlineDb = undefined; // let the next request try again
    throw error;
  });
  return globalForDb.voxlineDb;
}

export async function getDb(): Promise<Kysely<DB>> {
  return (await getDatabase()).db;
}

/** Points the app at a database the caller owns (tests, scripts). */
export function setDatabase(database: Database | undefined) {
  globalForDb.voxlineDb = database ? Promise.resolve(database) : undefined;
}
