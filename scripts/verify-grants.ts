// npm run verify-grants -- [--url URL]
// Lists every table, partition, sequence and function in schema public where the client
// roles (public, anon, authenticated, voxline_caller) hold more than the RLS policies use,
// with the query in supabase/checks/client-grants.sql. Exit 0 when nothing is open.
import { parseArgs } from "node:util";
import { connectPostgres } from "@/lib/db/client";
import { auditGrants } from "@/lib/db/grants-audit";
import { env } from "@/lib/env";

const HELP = `Usage: npm run verify-grants -- [--url URL]

  --url URL   database to check (default DIRECT_DATABASE_URL, then DATABASE_URL)
  -h, --help  this help

Exit codes: 0 nothing open; 1 findings or failure; 2 usage error.`;

async function main() {
  const { values } = parseArgs({
    options: { url: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const { DIRECT_DATABASE_URL, DATABASE_URL } = env();
  const url = values.url ?? DIRECT_DATABASE_URL ?? DATABASE_URL;
  if (!url) {
    console.error(`No database: set DIRECT_DATABASE_URL or pass --url.\n\n${HELP}`);
    process.exit(2);
  }
  const { host, pathname } = new URL(url);
  const database = connectPostgres(url, 1);
  try {
    const findings = await auditGrants(database.db);
    console.log(`database: postgres ${host}${pathname}`);
    if (findings.length === 0) {
      console.log("closed: the client roles hold only what the policies use");
      return;
    }
    for (const f of findings) {
      const who = f.role ? ` ${f.role} ${f.privilege}` : "";
      console.log(`OPEN ${f.kind} ${f.object}${who}: ${f.problem}`);
    }
    console.log(`${findings.length} finding(s)`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
