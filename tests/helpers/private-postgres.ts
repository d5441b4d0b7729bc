// A private Postgres 15 cluster a test can stop and start (never the shared server on 5432):
// initdb into a temporary directory, run as the postgres user on a free port, socket in the
// same directory. Needs the server binaries and root (or the postgres user); tests that use
// it skip elsewhere.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
const isRoot = process.getuid?.() === 0;

export const privatePostgresAvailable =
  existsSync(path.join(BIN, "initdb")) && (isRoot || process.env.USER === "postgres");

function asPostgres(cmd: string, args: string[]) {
  const [file, argv] = isRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(BIN, cmd), ...args]]
    : [path.join(BIN, cmd), args];
  execFileSync(file, argv, { stdio: "pipe", timeout: 60_000 });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPrivatePostgres() {
  const dir = await mkdtemp(path.join(tmpdir(), "voxline-pg-"));
  const data = path.join(dir, "data");
  if (isRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    await chown(dir, uid, gid);
    await chmod(dir, 0o700);
  }
  asPostgres("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) =>
    asPostgres("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", "-t", "30", ...args]);
  pgCtl("-o", options, "start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => pgCtl("-m", "fast", "stop"),
    start: () => pgCtl("-o", options, "start"),
    async destroy() {
      try {
        pgCtl("-m", "immediate", "stop");
      } catch {
        // already stopped
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
