// npm run db:migrate | db:rollback -- --steps N | db:status
// Runs against DIRECT_DATABASE_URL (or DATABASE_URL), else the embedded PGlite in
// VOXLINE_DATA_DIR. With PGlite, stop the dev server first: it holds the data directory.
import path from "node:path";
import { parseArgs } from "node:util";
import { connectPostgres, type Database, openPglite } from "@/lib/db/client";
import { migrateDown, migrateUp, migrationStatus } from "@/lib/db/migrator";
import { env } from "@/lib/env";

const HELP = `Usage:
  npm run db:migrate                   apply pending migrations, then create upcoming partitions
  npm run db:rollback -- --steps N     revert the last N applied migrations (default 1)
  npm run db:status                    list migrations and whether each is applied

Target: DIRECT_DATABASE_URL, else DATABASE_URL, else the embedded PGlite in VOXLINE_DATA_DIR.`;

async function open(): Promise<{ database: Database; target: string }> {
  const { DIRECT_DATABASE_URL, DATABASE_URL, VOXLINE_DATA_DIR } = env();
  const url = DIRECT_DATABASE_URL ?? DATABASE_URL;
  if (url) {
    const { host, pathname } = new URL(url);
    return { database: connectPostgres(url, 1), target: `postgres ${host}${pathname}` };
  }
  const dataDir = path.resolve(VOXLINE_DATA_DIR, "pglite");
  return { database: await openPglite({ dataDir }), target: `pglite ${dataDir}` };
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { steps: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const command = positionals[0];
  if (values.help || !command || !["up", "down", "status"].includes(command)) {
    console.log(HELP);
    process.exit(values.help ? 0 : 2);
  }
  const steps = values.steps === undefined ? 1 : Number(values.steps);
  if (command === "down" && (!Number.isInteger(steps) || steps < 1)) {
    console.error("--steps must be a positive whole number");
    process.exit(2);
  }

  const { database, target } = await open();
  console.log(`database: ${target}`);
  try {
    if (command === "up") {
      const applied = await migrateUp(database.db);
      console.log(applied.length ? applied.map((f) => `applied  ${f}`).join("\n") : "up to date");
    } else if (command === "down") {
      const reverted = await migrateDown(database.db, steps);
      console.log(
        reverted.length ? reverted.map((f) => `reverted ${f}`).join("\n") : "nothing to revert",
      );
    } else {
      for (const s of await migrationStatus(database.db)) {
        const state = s.edited ? "EDITED " : s.appliedAt ? "applied" : "pending";
        console.log(`${state}  ${s.file}${s.appliedAt ? `  ${s.appliedAt.toISOString()}` : ""}`);
      }
    }
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
