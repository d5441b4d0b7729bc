// npm run db:seed [-- --email x@y [--password P]] [--conversations N] [--seed S]
// Demo data (campaigns, calls across the last six months, their turns and leads) in a user's
// personal workspace. Runs against DATABASE_URL, else the embedded PGlite in VOXLINE_DATA_DIR
// (stop the dev server first: it holds the data directory). Re-running replaces the demo data.
import path from "node:path";
import { parseArgs } from "node:util";
import { connectPostgres, type Database, openPglite } from "@/lib/db/client";
import { env } from "@/lib/env";
import { seedWorkspace } from "@/lib/seed/generate";
import { findSeedTarget } from "@/lib/seed/target";

const HELP = `Usage: npm run db:seed -- [options]

  --email EMAIL        whose personal workspace to fill (default: the first user)
  --password PASSWORD  create that user first when missing (local auth)
  --conversations N    how many calls (default 3000)
  --seed S             the random seed (default 1): the same seed gives the same data
  --now ISO            the calls end before this instant (default: now)
  -h, --help           this help

Target: DATABASE_URL, else the embedded PGlite in VOXLINE_DATA_DIR.`;

async function open(): Promise<{ database: Database; target: string }> {
  const { DATABASE_URL, VOXLINE_DATA_DIR } = env();
  if (DATABASE_URL) {
    const { host, pathname } = new URL(DATABASE_URL);
    return { database: connectPostgres(DATABASE_URL, 1), target: `postgres ${host}${pathname}` };
  }
  const dataDir = path.resolve(VOXLINE_DATA_DIR, "pglite");
  return { database: await openPglite({ dataDir, migrate: true }), target: `pglite ${dataDir}` };
}

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      password: { type: "string" },
      conversations: { type: "string", default: "3000" },
      seed: { type: "string", default: "1" },
      now: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const conversations = Number(values.conversations);
  const seed = Number(values.seed);
  const now = values.now ? new Date(values.now) : new Date();
  if (!Number.isInteger(conversations) || conversations < 1 || !Number.isInteger(seed)) {
    console.error("--conversations and --seed must be whole numbers (conversations at least 1)");
    return 2;
  }
  if (Number.isNaN(now.getTime())) {
    console.error("--now must be an ISO date");
    return 2;
  }
  const { database, target } = await open();
  try {
    const started = performance.now();
    const result = await database.db.connection().execute(async (db) => {
      const who = await findSeedTarget(db, values);
      console.log(`Seeding ${who.email}'s personal workspace (${target})`);
      return seedWorkspace(db, {
        workspaceId: who.workspaceId,
        createdBy: who.userId,
        conversations,
        seed,
        now,
        log: (line) => console.log(`  ${line}`),
      });
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Done in ${seconds} s: ${result.campaigns.length} campaigns, ${result.conversations} conversations, ${result.turns} turns, ${result.leads} leads`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
