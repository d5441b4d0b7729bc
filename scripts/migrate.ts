// npm run db:migrate | db:rollback -- --steps N [--dry-run] [--force] | db:status
// A rollback whose down SQL would drop tables, columns or schemas that hold rows refuses
// (exit 3) without --force, listing what it would drop. Runs against DIRECT_DATABASE_URL (or DATABASE_URL), else the embedded PGlite in
// VOXLINE_DATA_DIR. With PGlite, stop the dev server first: it holds the data directory.
import path from "node:path";
import { parseArgs } from "node:util";
import { connectPostgres, type Database, openPglite } from "@/lib/db/client";
import { migrateDown, migrateUp, migrationStatus } from "@/lib/db/migrator";
import { env } from "@/lib/env";
import { type DataAtRisk, dataAtRisk, planDbRollback } from "@/lib/ops/db-rollback";

const HELP = `Usage:
  npm run db:migrate                   apply pending migrations, then create upcoming partitions
  npm run db:rollback -- --steps N     revert the last N applied migrations (default 1);
                                       --dry-run lists what would be dropped and stops;
                                       refuses (exit 3) to drop tables or columns that hold
                                       rows unless --force is given
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

/** Prints what reverting `steps` migrations would drop; an exit code when it must stop. */
async function checkRollback(
  database: Database,
  steps: number,
  options: { force?: boolean; "dry-run"?: boolean },
): Promise<number | null> {
  const plan = await planDbRollback(database.db, steps);
  const losing: DataAtRisk[] = [];
  for (const step of plan) {
    if (!step.down) {
      console.error(`No down migration for ${step.file}: nothing reverted`);
      return 3;
    }
    const risks = await dataAtRisk(database.db, step.down);
    console.log(`would revert ${step.file}`);
    for (const r of risks) console.log(`  would ${r.what} (${r.rows} rows)`);
    losing.push(...risks.filter((r) => r.rows > 0));
  }
  if (options["dry-run"]) {
    console.log("Dry run: nothing changed.");
    return 0;
  }
  if (losing.length > 0 && !options.force) {
    const tables = [...new Set(losing.map((r) => `${r.table} (${r.rows} rows)`))].join(", ");
    console.error(
      `Refusing: this rollback destroys data in ${tables}. Take a backup (npm run verify-backup) and pass --force to drop it.`,
    );
    return 3;
  }
  return null;
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      steps: { type: "string" },
      force: { type: "boolean" },
      "dry-run": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
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
      const refusal = await checkRollback(database, steps, values);
      if (refusal !== null) return refusal;
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
  return 0;
}

main().then(
  (code) => process.exit(code ?? 0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
