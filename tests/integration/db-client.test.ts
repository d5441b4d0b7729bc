// The pool outlives its connections: when the server drops an idle one (a restart, a pooler
// recycling it), the next query gets a fresh connection and the process does not crash.
import { sql } from "kysely";
import pg from "pg";
import { expect, it } from "vitest";
import { connectPostgres } from "@/lib/db/client";
import { createScratchPostgres, DB_KINDS } from "../helpers/db";

it.runIf(DB_KINDS.includes("postgres"))(
  "survives the server terminating its idle connections",
  async () => {
    const scratch = await createScratchPostgres();
    const database = connectPostgres(scratch.url, 3);
    try {
      await Promise.all([1, 2, 3].map(() => sql`select pg_sleep(0.05)`.execute(database.db)));
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const name = new URL(scratch.url).pathname.slice(1);
      const { rowCount } = await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1",
        [name],
      );
      await admin.end();
      expect(rowCount).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 100)); // let the 'error' events arrive
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(database.db);
      expect(rows).toEqual([{ ok: 1 }]);
    } finally {
      await database.close();
      await scratch.drop();
    }
  },
);
