// Starts the app as a user would (`next dev` on the embedded default: no DATABASE_URL, no
// services, a fresh data directory) and stops it after the suite.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
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

export async function startNextDev(): Promise<NextServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), "voxline-e2e-"));
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
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    await rm(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
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
  throw new Error(`next dev did not answer within 120 s:\n${output}`);
}
