// One Kysely over one pg Pool: real Postgres when DATABASE_URL is set, otherwise the
// embedded PGlite in VOXLINE_DATA_DIR, opened lazily (never at import time: `next build`
// imports route modules) and migrated on open. The instance lives on globalThis so dev
// reloads reuse it; PGlite has one connection, so the pool of one serialises transactions.
// Timeouts (DB_STATEMENT_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS) bound the Postgres pool only: PGlite
// runs in this process with no network to wait on, and its WASM engine cannot be interrupted
// mid-statement, so a transaction there simply waits its turn.
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

/** The client-side backstop fires this long after the server's own statement_timeout. */
const QUERY_TIMEOUT_GRACE_MS = 250;

export interface DbTimeouts {
  /** Longest a statement may run before the driver gives up on it (0: no bound). */
  statementTimeoutMs?: number;
  /** Longest to wait for a connection: connecting, or a free one from the pool (0: no bound). */
  connectTimeoutMs?: number;
}

/** The app's bounds from the environment (DB_STATEMENT_TIMEOUT_MS, DB_CONNECT_TIMEOUT_MS). */
export function dbTimeoutsFromEnv(): DbTimeouts {
  const e = env();
  return {
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
  };
}

/**
 * A pool on a Postgres server. The app passes its configured timeouts; scripts and tests that
 * run long statements (migrations wait on an advisory lock) leave the statement bound off.
 * The statement bound is set twice: `SET statement_timeout` on each new connection, so the
 * server cancels the statement and the connection stays usable, and the driver's client-side
 * `query_timeout` a little later, for a server that stopped answering altogether. Neither is
 * a startup parameter, which Supabase's transaction pooler (like PgBouncer) would refuse.
 */
export function connectPostgres(
  connectionString: string,
  max = 5,
  timeouts: DbTimeouts = { connectTimeoutMs: 5_000 },
): Database {
  // A database that never answers must fail a request, not hang it.
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: timeouts.connectTimeoutMs || undefined,
    query_timeout: timeouts.statementTimeoutMs
      ? timeouts.statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS
      : undefined,
    // Finds a peer that vanished without closing the socket (a crashed host, a dropped NAT).
    keepAlive: true,
    // pg's default (10 s) closes connections between a call's turns and opens them again on
    // the next (a TCP handshake, a backend start and SET statement_timeout each time).
    idleTimeoutMillis: 30_000,
  });
  // An idle connection the server drops (a restart, a pooler recycling it) is re-emitted
  // here; unheard, that 'error' event would crash the process. The pool replaces it.
  pool.on("error", (err) => logger.warn({ err }, "idle database connection lost"));
  const statementMs = timeouts.statementTimeoutMs;
  pool.on("connect", (client) => {
    // The pool only listens while a connection is idle: one lost while checked out (the
    // server stopped between two statements of a transaction) would emit an unheard 'error'
    // and crash the process. Its next query fails instead, and the pool discards it.
    client.on("error", (err) => logger.warn({ err }, "database connection lost"));
    // Queued ahead of the first query the pool hands this connection out for.
    if (statementMs) {
      client
        .query(`set statement_timeout = ${Math.trunc(statementMs)}`)
        .catch((err) => logger.warn({ err }, "could not set statement_timeout"));
    }
  });
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
    if (DATABASE_URL) {
      return connectPostgres(DATABASE_URL, DATABASE_POOL_MAX, dbTimeoutsFromEnv());
    }
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
