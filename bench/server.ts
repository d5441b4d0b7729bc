// The processes a pipeline bench runs: the stand-ins (their own process, timings sent back
// over IPC), a scratch database, and `next start` with the probe preloaded (server-probe.mjs).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { connectPostgres } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import type { RequestTiming } from "../tests/stand-ins/http";
import { sleep } from "./stats";

interface Endpoint {
  url: string;
  apiKey: string;
}

export async function startStandIns(onTimings: (batch: RequestTiming[]) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/stand-ins.ts"], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  child.on("message", (batch) => onTimings(batch as RequestTiming[]));
  const urls = await new Promise<{ openai: Endpoint; deepgram: Endpoint }>((resolve, reject) => {
    child.stdout!.once("data", (line) => resolve(JSON.parse(String(line))));
    child.once("exit", (code) => reject(new Error(`stand-ins exited with ${code}`)));
  });
  return { ...urls, stop: () => void child.kill("SIGTERM") };
}

/** A scratch Postgres database, migrated, when DATABASE_URL is set; otherwise PGlite. */
export async function scratchDatabase() {
  if (!process.env.DATABASE_URL)
    return { kind: "pglite", url: null as string | null, drop: async () => {} };
  const admin = process.env.DATABASE_URL;
  const name = `voxline_bench_${Date.now()}`;
  const exec = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await exec(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = connectPostgres(url.toString(), 1);
  await migrateUp(db.db);
  await db.close();
  return {
    kind: "postgres",
    url: url.toString() as string | null,
    drop: () => exec(`drop database if exists ${name} with (force)`),
  };
}

export interface ServerOptions {
  env: Record<string, string>;
  /** Directory for a V8 CPU profile of the server (--cpu-prof). */
  cpuProfileDir?: string;
}

export async function startServer({ env, cpuProfileDir }: ServerOptions) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "voxline-bench-"));
  const probeFile = path.join(dataDir, "probe-port");
  const port = 3900 + Math.floor(Math.random() * 90);
  const flags = [
    "--expose-gc",
    "--import",
    "./bench/server-probe.mjs",
    ...(cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : []),
  ];
  const childEnv: Record<string, string> = {
    ...env,
    VOXLINE_DATA_DIR: dataDir,
    BENCH_PROBE_FILE: probeFile,
    // Production with a database must name its public origin (CSRF checks use it).
    APP_URL: `http://127.0.0.1:${port}`,
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...flags,
      "node_modules/next/dist/bin/next",
      "start",
      "-p",
      String(port),
      // A caller listens to a reply and speaks (5–7 s) between two turns: past Node's default
      // 5 s keep-alive the server closes the socket just as the caller reuses it (a reset).
      // Behind a load balancer the server's keep-alive outlasts the balancer's idle timeout.
      "--keepAliveTimeout",
      "65000",
    ],
    {
      env: childEnv as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  for (let i = 0; !existsSync(probeFile) || !(await isUp(port)); i++) {
    if (i > 240 || child.exitCode !== null) throw new Error("next start did not come up");
    await sleep(250);
  }
  const probePort = Number(readFileSync(probeFile, "utf8"));
  const probe = (what = "stats", query = "") => getJson(probePort, `/${what}?${query}`);
  return {
    port,
    pid: child.pid!,
    probe: probe as (what?: string, query?: string) => Promise<ProbeStats>,
    stop: async () => {
      // SIGINT lets Node write the CPU profile on the way out.
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(cpuProfileDir ? "SIGINT" : "SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ProbeStats {
  cpuMs: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  memory: NodeJS.MemoryUsage;
  snapshot?: string;
}

const isUp = (port: number) =>
  new Promise<boolean>((resolve) => {
    http
      .get({ host: "127.0.0.1", port, path: "/sign-in" }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on("error", () => resolve(false));
  });

function getJson(port: number, p: string): Promise<any> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: p }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve(JSON.parse(body)));
      })
      .on("error", reject);
  });
}

export function rssMb(pid: number) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}

/**
 * The app's environment for a bench server: every provider on the stand-ins, callers told
 * apart by X-Forwarded-For (as behind one trusted proxy, so each call is its own client).
 */
export function serverEnv(
  standIns: Awaited<ReturnType<typeof startStandIns>>,
  dbUrl: string | null,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    TRUST_PROXY: "1",
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    OPENAI_API_KEY: standIns.openai.apiKey,
    OPENAI_BASE_URL: standIns.openai.url,
    DEEPGRAM_API_KEY: standIns.deepgram.apiKey,
    DEEPGRAM_BASE_URL: standIns.deepgram.url,
    STT_PROVIDER: "deepgram",
    LLM_PROVIDER: "openai",
    TTS_PROVIDER: "openai",
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
    ...extra,
  };
}

/** `npm run build`, unless `skip` and a build exists. Built with no service configured, as a
 * deploy would be built without the bench's stand-ins. */
export function buildApp(skip: boolean) {
  if (skip && existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) return;
  console.error("building…");
  const { DATABASE_URL: _omit, ...buildEnv } = process.env;
  execFileSync("npm", ["run", "build"], { stdio: ["ignore", "ignore", "inherit"], env: buildEnv });
}

/** `--help`: prints the script's leading comment lines and exits. */
export function printHelpAndExit(scriptUrl: string): never {
  console.log(
    readFileSync(new URL(scriptUrl), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("//"))
      .join("\n"),
  );
  process.exit(0);
}
