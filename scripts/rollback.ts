// npm run rollback -- [--dry-run] [--yes] [--db-steps N [--force-data-loss]] [--to DEPLOYMENT]
// Points Vercel production back at the previous READY production deployment, then
// optionally reverts the last N database migrations. Exit codes: 0 done (or dry run),
// 1 failed, 2 usage or configuration error, 3 refused (data loss, no confirmation, or
// production is not the deployment --expect-current names).
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { connectPostgres } from "@/lib/db/client";
import { migrateDown } from "@/lib/db/migrator";
import { env } from "@/lib/env";
import { type DbRollbackStep, planDbRollback } from "@/lib/ops/db-rollback";
import {
  type Deployment,
  planRollback,
  type RollbackPlan,
  rollbackTo,
  type VercelConfig,
  VercelError,
  vercelConfig,
} from "@/lib/ops/vercel";

const HELP = `Usage: npm run rollback -- [options]

Rolls Vercel production back to the previous READY production deployment (Vercel's
instant rollback), then optionally reverts database migrations.

Options:
  --dry-run              print the plan and change nothing
  --yes                  do not ask for confirmation (CI); without it, asks on a terminal
  --to DEPLOYMENT        roll back to this deployment (id or URL) instead of the previous one
  --expect-current DEP   stop unless production currently is DEP (id or URL): the deploy
                         pipeline passes the deployment it promoted
  --db-steps N           also revert the last N database migrations (after the Vercel step)
  --force-data-loss      allow a database rollback whose down SQL drops tables, columns or
                         schemas, or truncates: their data is gone for good
  --database-url URL     database to roll back (default DIRECT_DATABASE_URL, then DATABASE_URL)
  --db-only              skip the Vercel step (only with --db-steps)
  -h, --help             this help

Environment: VERCEL_TOKEN, VERCEL_PROJECT_ID, VERCEL_ORG_ID (team id, if the project belongs
to a team), VERCEL_API_URL (default https://api.vercel.com).

Exit codes: 0 done or dry run; 1 failed; 2 usage or configuration error; 3 refused.`;

class Refused extends Error {}
class UsageError extends Error {}

const describe = (d: Deployment) =>
  `${d.url} (${d.uid}, created ${new Date(d.created).toISOString()})`;

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new Refused("Not a terminal and --yes not given: refusing to roll back unconfirmed");
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Type "rollback" to continue: `)).trim() === "rollback";
  } finally {
    rl.close();
  }
}

function databaseUrl(flag: string | undefined) {
  const url = flag ?? env().DIRECT_DATABASE_URL ?? env().DATABASE_URL;
  if (!url)
    throw new UsageError("--db-steps needs --database-url, DIRECT_DATABASE_URL or DATABASE_URL");
  return url;
}

async function main() {
  const { values } = parseArgs({
    options: {
      "dry-run": { type: "boolean" },
      yes: { type: "boolean" },
      to: { type: "string" },
      "expect-current": { type: "string" },
      "db-steps": { type: "string" },
      "force-data-loss": { type: "boolean" },
      "database-url": { type: "string" },
      "db-only": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const steps = values["db-steps"] === undefined ? 0 : Number(values["db-steps"]);
  if (!Number.isInteger(steps) || steps < 0)
    throw new UsageError("--db-steps must be a whole number");
  if (values["db-only"] && steps === 0) throw new UsageError("--db-only needs --db-steps N");

  // 1. The plan, computed in full before anything changes.
  let vercel: { config: VercelConfig; plan: RollbackPlan } | undefined;
  if (!values["db-only"]) {
    let config: VercelConfig;
    try {
      config = vercelConfig(env());
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const plan = await planRollback(config, {
      to: values.to,
      expectCurrent: values["expect-current"],
    });
    vercel = { config, plan };
    console.log(`Vercel production now:  ${describe(plan.current)}`);
    console.log(`Vercel roll back to:    ${describe(plan.target)}`);
  }

  let db: { url: string; steps: DbRollbackStep[] } | undefined;
  if (steps > 0) {
    const url = databaseUrl(values["database-url"]);
    const database = connectPostgres(url, 1);
    try {
      db = { url, steps: await planDbRollback(database.db, steps) };
    } finally {
      await database.close();
    }
    const { host, pathname } = new URL(url);
    console.log(`Database ${host}${pathname}: revert ${steps} migration(s), newest first:`);
    for (const s of db.steps) {
      const note = !s.hasDown
        ? "  NO DOWN MIGRATION"
        : s.dataLoss.length
          ? `  DATA LOSS: ${s.dataLoss.join(", ")}`
          : "";
      console.log(`  ${s.file}${note}`);
    }
    const missing = db.steps.filter((s) => !s.hasDown);
    if (missing.length)
      throw new Refused(`No down migration for ${missing.map((s) => s.file).join(", ")}`);
    const lossy = db.steps.filter((s) => s.dataLoss.length > 0);
    if (lossy.length && !values["force-data-loss"]) {
      throw new Refused(
        `Refusing: reverting ${lossy.map((s) => s.file).join(", ")} destroys data (${[
          ...new Set(lossy.flatMap((s) => s.dataLoss)),
        ].join(", ")}). Restore from a backup instead, or pass --force-data-loss.`,
      );
    }
  }

  if (values["dry-run"]) {
    console.log("Dry run: nothing changed.");
    return 0;
  }
  if (!values.yes && !(await confirm("Roll back as planned above?"))) {
    throw new Refused("Not confirmed: nothing changed");
  }

  // 2. Code first, so the old code runs before the schema it expects is restored.
  if (vercel) {
    const now = await rollbackTo(vercel.config, vercel.plan.target);
    console.log(`Vercel production is now ${describe(now)}`);
  }
  if (db) {
    const database = connectPostgres(db.url, 1);
    try {
      for (const file of await migrateDown(database.db, db.steps.length))
        console.log(`reverted ${file}`);
    } finally {
      await database.close();
    }
  }
  console.log("Rollback done.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\nRun with --help for usage.`);
      process.exit(2);
    }
    if (error instanceof Refused) {
      console.error(error.message);
      process.exit(3);
    }
    if (error instanceof VercelError && error.code === "production_changed") {
      console.error(error.message);
      process.exit(3);
    }
    console.error(`ROLLBACK FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
