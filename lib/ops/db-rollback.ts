// Plans a database rollback: which applied migrations `migrateDown(db, steps)` would revert,
// newest first, and whether their down SQL destroys data (drop table / column / schema,
// truncate), which the rollback script refuses unless it is forced.
import { type Kysely, sql } from "kysely";
import { type Migration, migrationStatus } from "@/lib/db/migrator";
import type { DB } from "@/lib/db/schema.gen";

const DATA_LOSS = /\b(drop\s+(?:table|column|schema)|truncate)\b/gi;

export interface DbRollbackStep {
  file: string;
  /** The destructive statements found in its down SQL, e.g. ["drop table"]. */
  dataLoss: string[];
  hasDown: boolean;
  down: string | null;
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
    down: m.down,
    dataLoss: m.down ? destructiveStatements(m.down) : [],
  }));
}

export interface DataAtRisk {
  /** What the down SQL does, e.g. "drop table public.turns" or "drop column public.turns.tool_calls". */
  what: string;
  table: string;
  /** Rows in the table now (for a dropped column: rows whose value is not null). */
  rows: number;
}

const NAME = String.raw`(?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?`;
const LIST = String.raw`${NAME}(?:\s*,\s*${NAME})*`;
const PATTERNS = {
  table: new RegExp(String.raw`\bdrop\s+table\s+(?:if\s+exists\s+)?(${LIST})`, "gi"),
  truncate: new RegExp(String.raw`\btruncate\s+(?:table\s+)?(?:only\s+)?(${LIST})`, "gi"),
  column: new RegExp(
    String.raw`\balter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${NAME})\s+drop\s+(?!constraint\b)(?:column\s+)?(?:if\s+exists\s+)?("[^"]+"|\w+)`,
    "gi",
  ),
  schema: /\bdrop\s+schema\s+(?:if\s+exists\s+)?("[^"]+"|\w+)/gi,
};

const unquote = (name: string) => name.replaceAll('"', "");
const qualify = (name: string) => (name.includes(".") ? unquote(name) : `public.${unquote(name)}`);
const names = (list: string) => list.split(",").map((n) => qualify(n.trim()));

async function countRows(db: Kysely<DB>, table: string, column?: string): Promise<number | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(
    db,
  );
  if (!exists.rows[0]?.t) return null;
  const where = column ? sql` where ${sql.ref(column)} is not null` : sql``;
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
    table,
  )}${where}`
    .execute(db)
    .catch(() => ({ rows: [{ n: 0 }] }));
  return rows[0]?.n ?? 0;
}

/** The tables (and columns) the down SQL would destroy, with how many rows each holds now. */
export async function dataAtRisk(db: Kysely<DB>, downSql: string): Promise<DataAtRisk[]> {
  const targets: { what: string; table: string; column?: string }[] = [];
  for (const m of downSql.matchAll(PATTERNS.table))
    for (const t of names(m[1]!)) targets.push({ what: `drop table ${t}`, table: t });
  for (const m of downSql.matchAll(PATTERNS.truncate))
    for (const t of names(m[1]!)) targets.push({ what: `truncate ${t}`, table: t });
  for (const m of downSql.matchAll(PATTERNS.column)) {
    const table = qualify(m[1]!);
    const column = unquote(m[2]!);
    targets.push({ what: `drop column ${table}.${column}`, table, column });
  }
  for (const m of downSql.matchAll(PATTERNS.schema)) {
    const { rows } = await sql<{ t: string }>`select schemaname || '.' || tablename as t
      from pg_tables where schemaname = ${unquote(m[1]!)}`.execute(db);
    for (const { t } of rows) targets.push({ what: `drop schema ${m[1]} (table ${t})`, table: t });
  }
  const found: DataAtRisk[] = [];
  for (const target of targets) {
    // The voxline schema is the migrator's own bookkeeping (applied versions, the grants
    // snapshot a down migration restores from), never a user's data.
    if (target.table.startsWith("voxline.")) continue;
    const rows = await countRows(db, target.table, target.column);
    if (rows !== null) found.push({ what: target.what, table: target.table, rows });
  }
  return found;
}
