// Test databases: the migrated PGlite snapshot (always), and a fresh Postgres database per
// suite when DATABASE_URL is set. describeEachDatabase runs a suite once on each.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { connectPostgres, type Database, openPglite, setDatabase } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";

export type DbKind = "pglite" | "postgres";
export const DB_KINDS: DbKind[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, empty Postgres database on the DATABASE_URL server; dropped by `close`. */
export async function createScratchPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `voxline_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

export async function openTestDatabase(kind: DbKind, { migrated = true } = {}): Promise<Database> {
  if (kind === "pglite") {
    if (!migrated) return openPglite();
    const snapshot = new Blob([await readFile(inject("pgliteSnapshot"))]);
    return openPglite({ snapshot });
  }
  const scratch = await createScratchPostgres();
  const database = connectPostgres(scratch.url);
  if (migrated) await migrateUp(database.db);
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

export interface DbContext {
  kind: DbKind;
  db(): Kysely<DB>;
}

/** Runs the suite on each database, with the app's getDb() pointed at it. */
export function describeEachDatabase(title: string, suite: (ctx: DbContext) => void) {
  describe.each(DB_KINDS)(`${title} [%s]`, (kind) => {
    let database: Database | undefined;
    beforeAll(async () => {
      database = await openTestDatabase(kind);
      setDatabase(database);
    });
    afterAll(async () => {
      setDatabase(undefined);
      await database?.close();
    });
    suite({ kind, db: () => database!.db });
  });
}
