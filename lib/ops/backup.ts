// Table fingerprints for backup verification: per table, the row count and an order-free
// checksum (md5 over the sorted md5s of its rows' text), computed with fixed output
// settings so two servers render the same rows the same way.
import type pg from "pg";

export interface TableStat {
  table: string;
  rows: number;
  checksum: string;
}

/** Session settings that fix how values print, so checksums compare across servers. */
export const STABLE_OUTPUT = [
  "set timezone = 'UTC'",
  "set datestyle = 'ISO, YMD'",
  "set intervalstyle = 'postgres'",
  "set extra_float_digits = 1",
  "set bytea_output = 'hex'",
  // Count every row or fail loudly: never a silently RLS-filtered subset.
  "set row_security = off",
];

const SYSTEM_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast"];

/** Every ordinary table (partitions included) outside the system schemas, or in `schemas`. */
export async function listTables(client: pg.ClientBase, schemas?: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r'
        and n.nspname <> all($1::text[]) and n.nspname not like 'pg_temp%'
        and ($2::text[] is null or n.nspname = any($2::text[]))
      order by 1`,
    [SYSTEM_SCHEMAS, schemas?.length ? schemas : null],
  );
  return rows.map((r) => r.name);
}

export async function tableStats(client: pg.ClientBase, schemas?: string[]): Promise<TableStat[]> {
  for (const statement of STABLE_OUTPUT) await client.query(statement);
  const stats: TableStat[] = [];
  for (const table of await listTables(client, schemas)) {
    // `table` comes from format('%I.%I'), so it is a safely quoted identifier.
    const { rows } = await client.query<{ rows: string; checksum: string }>(
      `select count(*)::text as rows,
              md5(coalesce(string_agg(h, '' order by h), '')) as checksum
         from (select md5(t::text) as h from ${table} t) rows_of`,
    );
    stats.push({ table, rows: Number(rows[0]!.rows), checksum: rows[0]!.checksum });
  }
  return stats;
}

export interface Comparison {
  table: string;
  source?: TableStat;
  restored?: TableStat;
  ok: boolean;
}

export function compareStats(source: TableStat[], restored: TableStat[]): Comparison[] {
  const byName = new Map(restored.map((s) => [s.table, s]));
  const out: Comparison[] = source.map((s) => {
    const r = byName.get(s.table);
    byName.delete(s.table);
    return {
      table: s.table,
      source: s,
      restored: r,
      ok: !!r && r.rows === s.rows && r.checksum === s.checksum,
    };
  });
  for (const r of byName.values()) out.push({ table: r.table, restored: r, ok: false });
  return out;
}
