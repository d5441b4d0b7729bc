// Database health: can we query it, is its schema the one this code expects, and are the
// coming months' partitions in place (rows never fail without them, thanks to the default
// partitions, but a missing month means the partition job has stopped running).
import { type Kysely, sql } from "kysely";
import { getDb } from "@/lib/db/client";
import { latestVersion } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";
import { type Check, since } from "./check";

const PARTITIONED = ["conversations", "turns", "leads"] as const;
const MONTHS_CHECKED = 3;

export function databaseChecks(db: () => Promise<Kysely<DB>> = getDb): Check[] {
  return [
    {
      name: "postgres:responseTime",
      componentType: "datastore",
      async run() {
        const start = performance.now();
        await sql`select 1`.execute(await db());
        return { status: "pass", observedValue: since(start), observedUnit: "ms" };
      },
    },
    {
      name: "postgres:migrationVersion",
      componentType: "datastore",
      async run() {
        const [applied, expected] = await Promise.all([
          appliedVersion(await db()),
          latestVersion(),
        ]);
        if (applied === expected) return { status: "pass", observedValue: applied ?? "none" };
        const behind = applied === null || (expected !== null && applied < expected);
        return {
          // Behind: this code expects tables or columns that are not there yet. Ahead: a
          // code rollback without a database rollback, which expand/contract migrations allow.
          status: behind ? "fail" : "warn",
          observedValue: applied ?? "none",
          output: behind
            ? `pending migrations: the code expects ${expected}`
            : `the database is ahead of this code (${expected})`,
        };
      },
    },
    {
      name: "postgres:futurePartitions",
      componentType: "datastore",
      async run() {
        const months = await monthsAhead(await db());
        return {
          status: months >= 1 ? "pass" : "warn",
          observedValue: months,
          observedUnit: "months",
          output: months >= 1 ? undefined : "next month's partitions are missing",
        };
      },
    },
  ];
}

async function appliedVersion(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ version: string | null }>`
    select case when to_regclass('voxline.schema_migrations') is null then null
      else (select max(version) from voxline.schema_migrations) end as version`.execute(db);
  return rows[0]?.version ?? null;
}

/** How many upcoming months (up to 3) every partitioned table has a partition for. */
async function monthsAhead(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ parent: string; n: number; present: boolean }>`
    select p.parent, m.n, to_regclass(format('public.%I', p.parent || '_' || to_char(
        date_trunc('month', now() at time zone 'utc') + make_interval(months => m.n), 'YYYY_MM'
      ))) is not null as present
    from unnest(${PARTITIONED as unknown as string[]}::text[]) as p(parent),
      generate_series(1, ${sql.lit(MONTHS_CHECKED)}) as m(n)
    order by p.parent, m.n`.execute(db);
  return Math.min(
    ...PARTITIONED.map((parent) => {
      let covered = 0;
      for (const row of rows.filter((r) => r.parent === parent)) {
        if (!row.present) break;
        covered++;
      }
      return covered;
    }),
  );
}
