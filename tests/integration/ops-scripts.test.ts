// The rollback and verify-backup scripts, run as operators run them (a child process,
// real exit codes): rollback against a local Vercel REST stand-in and a scratch Postgres,
// verify-backup with the real pg_dump / pg_restore against a scratch Postgres.
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectPostgres, type Database } from "@/lib/db/client";
import { latestVersion, loadMigrations, migrateUp, migrationStatus } from "@/lib/db/migrator";
import { compareStats } from "@/lib/ops/backup";
import { destructiveStatements } from "@/lib/ops/db-rollback";
import { createScratchPostgres } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
} from "../helpers/factories";
import { runScript as script, vercelEnv } from "../helpers/scripts";
import { type StandInDeployment, startVercel } from "../stand-ins/vercel";

const hour = 3_600_000;
const t0 = Date.UTC(2026, 10, 20);
const deployments: StandInDeployment[] = [
  {
    uid: "dpl_1",
    url: "voxline-1.vercel.app",
    created: t0,
    target: "production",
    readyState: "READY",
  },
  {
    uid: "dpl_2",
    url: "voxline-2.vercel.app",
    created: t0 + hour,
    target: "production",
    readyState: "READY",
  },
  {
    uid: "dpl_bad",
    url: "voxline-bad.vercel.app",
    created: t0 + 2 * hour,
    target: "production",
    readyState: "ERROR",
  },
  {
    uid: "dpl_preview",
    url: "voxline-pr.vercel.app",
    created: t0 + 3 * hour,
    target: null,
    readyState: "READY",
  },
  {
    uid: "dpl_3",
    url: "voxline-3.vercel.app",
    created: t0 + 4 * hour,
    target: "production",
    readyState: "READY",
  },
  // Deployed with --skip-domain but never promoted: newer than production, not production.
  {
    uid: "dpl_4",
    url: "voxline-4.vercel.app",
    created: t0 + 5 * hour,
    target: "production",
    readyState: "READY",
  },
];

describe("rollback (Vercel)", () => {
  let vercel: Awaited<ReturnType<typeof startVercel>>;
  let env: Record<string, string>;

  beforeEach(async () => {
    const auth = { token: "vercel-test-token", projectId: "prj_voxline", teamId: "team_ops" };
    vercel = await startVercel({ ...auth, deployments, production: "dpl_3" });
    env = vercelEnv(auth, vercel.url);
  });
  afterEach(() => vercel.close());

  const posts = () => vercel.requests().filter((r) => r.method === "POST");

  it("prints help and exits 0", async () => {
    const { code, output } = await script("rollback", ["--help"]);
    expect(code).toBe(0);
    expect(output).toContain("--db-steps N");
  });

  it("exits 2 naming the missing variable when VERCEL_TOKEN is unset", async () => {
    const { code, output } = await script("rollback", ["--dry-run"], { ...env, VERCEL_TOKEN: "" });
    expect(code).toBe(2);
    expect(output).toContain("VERCEL_TOKEN");
  });

  it("--dry-run prints the plan: current production and the previous READY one", async () => {
    const { code, output } = await script("rollback", ["--dry-run"], env);
    expect(output).toMatch(/production now:\s+voxline-3\.vercel\.app \(dpl_3/);
    expect(output).toMatch(/roll back to:\s+voxline-2\.vercel\.app \(dpl_2/);
    expect(output).toContain("Dry run: nothing changed.");
    expect(code).toBe(0);
    expect(posts()).toEqual([]);
    expect(vercel.production()).toBe("dpl_3");
  });

  it("refuses without --yes when there is no terminal to confirm on", async () => {
    const { code, output } = await script("rollback", [], env);
    expect(code).toBe(3);
    expect(output).toContain("--yes");
    expect(posts()).toEqual([]);
  });

  it("rolls production back to the previous READY production deployment", async () => {
    const { code, output } = await script("rollback", ["--yes"], env);
    expect(output).toContain("Vercel production is now voxline-2.vercel.app");
    expect(code).toBe(0);
    expect(posts().map((r) => r.path)).toEqual([
      "/v1/projects/prj_voxline/rollback/dpl_2?description=voxline+rollback+script&teamId=team_ops",
    ]);
    expect(vercel.production()).toBe("dpl_2");
  });

  it("stops when production is not the deployment the pipeline promoted", async () => {
    const { code, output } = await script(
      "rollback",
      ["--yes", "--expect-current", "https://voxline-4.vercel.app"],
      env,
    );
    expect(code).toBe(3);
    expect(output).toContain("someone else changed it");
    expect(vercel.production()).toBe("dpl_3");
  });

  it("rolls back to a named deployment with --to, and refuses a broken one", async () => {
    const bad = await script("rollback", ["--yes", "--to", "dpl_bad"], env);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("not a READY production deployment");
    const ok = await script(
      "rollback",
      ["--yes", "--to", "voxline-1.vercel.app", "--expect-current", "dpl_3"],
      env,
    );
    expect(ok.code, ok.output).toBe(0);
    expect(vercel.production()).toBe("dpl_1");
  });

  it("fails loudly when the token is wrong", async () => {
    const { code, output } = await script("rollback", ["--dry-run"], {
      ...env,
      VERCEL_TOKEN: "wrong",
    });
    expect(code).toBe(1);
    expect(output).toContain("ROLLBACK FAILED");
    expect(output).toContain("HTTP 403");
  });
});

describe.skipIf(!process.env.DATABASE_URL)("rollback --db-steps (Postgres)", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    database = connectPostgres(scratch.url, 1);
    await migrateUp(database.db);
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  const applied = async () =>
    (await migrationStatus(database.db)).filter((m) => m.appliedAt).map((m) => m.version);

  it("refuses a down migration that drops data, and changes nothing", async () => {
    const before = await applied();
    // Back to the newest migration whose down SQL drops something.
    const newestFirst = (await loadMigrations()).reverse();
    const steps = String(
      newestFirst.findIndex((m) => m.down && destructiveStatements(m.down).length) + 1,
    );
    const dry = await script("rollback", ["--db-only", "--db-steps", steps, "--dry-run"], {
      DATABASE_URL: scratch.url,
    });
    expect(dry.output).toMatch(/DATA LOSS: drop (column|table)/);
    expect(dry.code).toBe(3);
    const refused = await script("rollback", ["--db-only", "--db-steps", steps, "--yes"], {
      DATABASE_URL: scratch.url,
    });
    expect(refused.code).toBe(3);
    expect(refused.output).toContain("--force-data-loss");
    expect(await applied()).toEqual(before);
  });

  it("reverts the newest migration with --force-data-loss --yes", async () => {
    const latest = await latestVersion();
    const { code, output } = await script("rollback", [
      "--db-only",
      "--db-steps",
      "1",
      "--yes",
      "--force-data-loss",
      "--database-url",
      scratch.url,
    ]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/reverted \d+_\w+\.sql/);
    const now = await applied();
    expect(now).not.toContain(latest);
    expect(now.length).toBeGreaterThan(0);
  });

  it("exits 2 on a bad --db-steps", async () => {
    const { code } = await script("rollback", ["--db-only", "--db-steps", "two"]);
    expect(code).toBe(2);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("verify-backup (Postgres)", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchPostgres();
    database = connectPostgres(scratch.url, 2);
    await migrateUp(database.db);
    const { setDatabase } = await import("@/lib/db/client");
    setDatabase(database);
    const user = await createUser(database.db);
    const campaign = await createCampaignFor(user);
    const conversation = await createConversation(database.db, user, campaign.id);
    await createTurn(database.db, conversation, 0);
    await createTurn(database.db, conversation, 1);
    await createLead(database.db, conversation);
    setDatabase(undefined);
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  it("dumps, restores into a scratch database, matches every table, and drops it", async () => {
    const { code, output } = await script("verify-backup", ["--url", scratch.url]);
    expect(output, output).toMatch(/BACKUP OK: \d+ tables, \d+ rows match/);
    expect(code).toBe(0);
    expect(output).toMatch(/^public\.campaign_slugs\s+1\s+1\s+[0-9a-f]{12}$/m);
    expect(output).toMatch(/^auth\.users\s+1\s+1\s+/m);
    const turnsLine = output.split("\n").find((l) => /^public\.turns_\d{4}_\d{2}\s+2\s+2/.test(l));
    expect(turnsLine, "this month's turns partition holds both turns").toBeDefined();
    const scratchName = output.match(/dropped\s+(voxline_verify_\w+)/)?.[1];
    expect(scratchName).toBeDefined();
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_database where datname = ${scratchName}`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("limits the dump and the comparison to --schema", async () => {
    const { code, output } = await script("verify-backup", [
      "--url",
      scratch.url,
      "--schema",
      "public",
    ]);
    expect(output, output).toMatch(/BACKUP OK/);
    expect(code).toBe(0);
    expect(output).toMatch(/^public\.campaign_slugs\s+1\s+1/m);
    expect(output).not.toMatch(/^(auth|voxline)\./m);
  });

  it("exits 2 without a database URL", async () => {
    const { code, output } = await script("verify-backup", []);
    expect(code).toBe(2);
    expect(output).toContain("--url");
  });
});

describe("backup comparison and data-loss detection", () => {
  const stat = (table: string, rows: number, checksum = "a") => ({ table, rows, checksum });

  it("flags row-count and checksum differences and missing tables", () => {
    const report = compareStats(
      [stat("public.a", 1), stat("public.b", 2, "x"), stat("public.c", 3)],
      [stat("public.a", 1), stat("public.b", 2, "y"), stat("public.d", 0)],
    );
    expect(report.map((r) => [r.table, r.ok])).toEqual([
      ["public.a", true],
      ["public.b", false],
      ["public.c", false],
      ["public.d", false],
    ]);
  });

  it("finds destructive statements in down SQL", () => {
    expect(destructiveStatements("alter table t DROP  COLUMN x; drop table if exists y;")).toEqual([
      "drop column",
      "drop table",
    ]);
    expect(destructiveStatements("drop schema auth cascade")).toEqual(["drop schema"]);
    expect(destructiveStatements("truncate public.t")).toEqual(["truncate"]);
    expect(destructiveStatements("drop index i; drop policy p on t; drop function f()")).toEqual(
      [],
    );
  });
});
