// Plans a database rollback: which applied migrations `migrateDown(db, steps)` would revert,
// newest first, and whether their down SQL destroys data (drop table / column / schema,
// truncate), which the rollback script refuses unless it is forced.
import type { Kysely } from "kysely";
import { type Migration, migrationStatus } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";

const DATA_LOSS = /\b(drop\s+(?:table|column|schema)|truncate)\b/gi;

export interface DbRollbackStep {
  file: string;
  /** The destructive statements found in its down SQL, e.g. ["drop table"]. */
  dataLoss: string[];
  hasDown: boolean;
}

export function destructiveStatements(downSql: string): string[] {
  const found = new Set<string>();
  for (const match of downSql.matchAll(DATA_LOSS)) {
    found.add(match[1]!.toLowerCase().replace(/\s+/g, " "));
  }
  return [...found];
}

export async function planDbRollback(
  db: Kysely<DB>,
  steps: number,
  migrations?: Migration[],
): Promise<DbRollbackStep[]> {
  const applied = (await migrationStatus(db, migrations))
    .filter((m) => m.appliedAt)
    .sort((a, b) => b.version.localeCompare(a.version));
  if (steps > applied.length) {
    throw new Error(`Only ${applied.length} migrations are applied; cannot revert ${steps}`);
  }
  return applied.slice(0, steps).map((m) => ({
    file: m.file,
    hasDown: m.down !== null,
    dataLoss: m.down ? destructiveStatements(m.down) : [],
  }));
}
