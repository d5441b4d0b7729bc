// Starts the app as a user would (`next dev` on the embedded default: no DATABASE_URL, no
// services, a fresh data directory) and stops it after the suite. Each server has its own
// build directory and tsconfig: next dev refuses a second server on one build directory (the
// browser suites run in parallel), and would rewrite tsconfig.json for its own.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface NextServer {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}

/** `env` adds to the fresh-checkout environment (e.g. providers pointed at stand-ins). */
export async function startNextDev(env: Record<string, string> = {}): Promise<NextServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), "voxline-e2e-"));
  const distDir = `test-results/next-dev-${port}`;
  const tsconfig = `test-results/tsconfig.dev-${port}.json`;
  await mkdir("test-results", { recursive: true });
  await writeFile(
    tsconfig,
    JSON.stringify({ extends: "../tsconfig.json", include: ["../**/*.ts", "../**/*.tsx"] }),
  );
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "dev", "-p", String(port)],
    {
      cwd: process.cwd(),
      // Only what a fresh checkout has: the embedded default, nothing configured.
      env: {
        NODE_ENV: "development",
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        VOXLINE_DATA_DIR: dataDir,
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: distDir,
        NEXT_TSCONFIG_PATH: tsconfig,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  // localhost, not 127.0.0.1: next dev serves its client chunks only to allowed dev origins.
  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    // Its workers may still be flushing caches for a moment: retry the removal.
    const remove = (p: string) => rm(p, { recursive: true, force: true, maxRetries: 10 });
    await Promise.all([dataDir, distDir, tsconfig].map(remove));
  };
  // A busy machine (parallel suites on two cores) can take minutes for the first compile.
  const waitMs = Number(process.env.NEXT_DEV_TIMEOUT_MS ?? 240_000);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next dev exited:\n${output}`);
    const ok = await fetch(`${url}/sign-in`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, logs: () => output, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`next dev did not answer within ${waitMs / 1000} s:\n${output}`);
}
