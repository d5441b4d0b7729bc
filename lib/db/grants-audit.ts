// Lists what the client roles hold in schema public beyond what the RLS policies use, with
// the query in supabase/checks/client-grants.sql (also runnable in Supabase's SQL editor).
// Used by `npm run verify-grants` against a deployed project and by the privileges test.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Kysely, sql } from "kysely";

export interface GrantFinding {
  kind: "partition" | "table" | "view" | "sequence" | "function";
  object: string;
  role: string | null;
  privilege: string | null;
  problem: string;
}

export const GRANTS_CHECK_FILE = path.join("supabase", "checks", "client-grants.sql");

export async function auditGrants(
  // biome-ignore lint/suspicious/noExplicitAny: runs on any schema, typed or not
  db: Kysely<any>,
  root = process.cwd(),
): Promise<GrantFinding[]> {
  const query = await readFile(path.join(root, GRANTS_CHECK_FILE), "utf8");
  const { rows } = await sql.raw<GrantFinding>(query).execute(db);
  return rows;
}
