// npm run verify-backup -- [--url URL] [--target-url URL]
// Dumps the database (pg_dump custom format, from an exported snapshot), restores the dump
// into a scratch database, compares every table's row count and checksum with the source
// as of that same snapshot, prints a report and drops the scratch database. Exit code 0
// only when every table matches. Suits a scheduled job (see .github/workflows).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { env } from "@/lib/env";
import { compareStats, tableStats } from "@/lib/ops/backup";

const HELP = `Usage: npm run verify-backup -- [options]

Options:
  --url URL          database to back up (default DIRECT_DATABASE_URL, then DATABASE_URL);
                     use a direct connection, not a transaction pooler
  --target-url URL   server to restore on; its database is only used to create and drop
                     the scratch database (default: the source server)
  --schema NAME      compare only this schema (repeatable; default every non-system
                     schema). The dump is always whole: schemas depend on each other
  --dump-file PATH   keep the dump at PATH (default: a temporary file, removed)
  --keep             keep the scratch database (its name is printed)
  --allow-restore-errors  compare even if pg_restore reported errors (e.g. extensions the
                     target server lacks)
  -h, --help         this help

Needs pg_dump and pg_restore (postgresql-client) at least as new as the server.
Exit codes: 0 every table matches; 1 mismatch or failure; 2 usage error.`;

/** Connection pieces for the pg tools: the password goes in PGPASSWORD, never in argv. */
function toolEnv(url: URL) {
  const bare = new URL(url);
  const password = decodeURIComponent(bare.password);
  bare.password = "";
  return {
    dsn: bare.toString(),
    // The pg tools read libpq's own variables (PGSSLMODE, ...) from the environment they inherit.
    env: { ...process.env, PGPASSWORD: password || process.env.PGPASSWORD },
  };
}

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

const describe = (url: URL) => `${url.hostname}:${url.port || 5432}${url.pathname}`;

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      "target-url": { type: "string" },
      schema: { type: "string", multiple: true },
      "dump-file": { type: "string" },
      keep: { type: "boolean" },
      "allow-restore-errors": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const sourceRaw = values.url ?? env().DIRECT_DATABASE_URL ?? env().DATABASE_URL;
  if (!sourceRaw || !URL.canParse(sourceRaw)) {
    console.error(
      "Pass --url, or set DIRECT_DATABASE_URL or DATABASE_URL\n\nRun with --help for usage.",
    );
    return 2;
  }
  const source = new URL(sourceRaw);
  const admin = new URL(values["target-url"] ?? sourceRaw);
  const scratchName = `voxline_verify_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const scratch = new URL(admin);
  scratch.pathname = `/${scratchName}`;
  const workDir = await mkdtemp(path.join(tmpdir(), "voxline-backup-"));
  const dumpFile = values["dump-file"] ?? path.join(workDir, "voxline.dump");
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  console.log(`Verifying a backup of ${describe(source)} (restore on ${describe(admin)})`);
  const sourceClient = new pg.Client({ connectionString: sourceRaw });
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  let created = false;
  try {
    // 1. One snapshot for both the dump and the source's fingerprints, so concurrent
    //    writes cannot make a good backup look bad.
    await sourceClient.connect();
    await sourceClient.query("begin isolation level repeatable read read only");
    const { rows } = await sourceClient.query<{ id: string }>("select pg_export_snapshot() as id");
    const tool = toolEnv(source);
    const dump = runTool(
      "pg_dump",
      [
        "--format=custom",
        `--snapshot=${rows[0]!.id}`,
        `--file=${dumpFile}`,
        `--dbname=${tool.dsn}`,
      ],
      tool.env,
    );
    const sourceStats = await tableStats(sourceClient, values.schema);
    const dumped = await dump;
    await sourceClient.query("commit");
    if (dumped.code !== 0)
      throw new Error(`pg_dump failed (exit ${dumped.code}): ${dumped.stderr.trim()}`);
    if (sourceStats.length === 0) {
      console.log("WARNING: the source has no tables: is this the right database?");
    }
    const { size } = await stat(dumpFile);
    console.log(
      `dumped      ${(size / 1024).toFixed(0)} KiB, ${sourceStats.length} tables  (${elapsed()})`,
    );

    // 2. Restore into a scratch database.
    await adminClient.connect();
    await adminClient.query(`create database ${scratchName}`);
    created = true;
    const target = toolEnv(scratch);
    const restored = await runTool(
      "pg_restore",
      ["--no-owner", "--no-privileges", `--dbname=${target.dsn}`, dumpFile],
      target.env,
    );
    const restoreErrors = restored.stderr.split("\n").filter((l) => /error:/i.test(l));
    console.log(
      `restored    into ${scratchName}${restoreErrors.length ? `, ${restoreErrors.length} error(s)` : ""}  (${elapsed()})`,
    );
    if (restored.code !== 0 && !values["allow-restore-errors"]) {
      throw new Error(
        `pg_restore failed (exit ${restored.code}):\n${restored.stderr.trim().slice(0, 2000)}`,
      );
    }

    // 3. Compare.
    const scratchClient = new pg.Client({ connectionString: scratch.toString() });
    await scratchClient.connect();
    const restoredStats = await tableStats(scratchClient, values.schema).finally(() =>
      scratchClient.end(),
    );
    const report = compareStats(sourceStats, restoredStats);
    const width = Math.max(5, ...report.map((r) => r.table.length));
    console.log(
      `\n${"table".padEnd(width)}  ${"source".padStart(8)}  ${"restored".padStart(8)}  checksum`,
    );
    for (const r of report) {
      const checksum = r.ok ? r.source!.checksum.slice(0, 12) : "MISMATCH";
      console.log(
        `${r.table.padEnd(width)}  ${String(r.source?.rows ?? "-").padStart(8)}  ${String(r.restored?.rows ?? "-").padStart(8)}  ${checksum}`,
      );
    }
    const bad = report.filter((r) => !r.ok);
    const rowsTotal = sourceStats.reduce((n, s) => n + s.rows, 0);
    console.log(
      bad.length
        ? `\nBACKUP MISMATCH: ${bad.length} of ${report.length} tables differ (${elapsed()})`
        : `\nBACKUP OK: ${report.length} tables, ${rowsTotal} rows match (${elapsed()})`,
    );
    return bad.length ? 1 : 0;
  } finally {
    await sourceClient.end().catch(() => {});
    if (created && !values.keep) {
      await adminClient.query(`drop database if exists ${scratchName} with (force)`).catch((e) => {
        console.error(`could not drop ${scratchName}: ${e.message}`);
      });
      console.log(`dropped     ${scratchName}`);
    } else if (created) {
      console.log(`kept        ${scratchName}`);
    }
    await adminClient.end().catch(() => {});
    await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      `VERIFY-BACKUP FAILED: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
