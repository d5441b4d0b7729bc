// One production build per run, shared by every check that needs one: `next build` into
// its own directory (so .next is never touched) with fake server secrets in the build
// environment, then `next start` on the embedded default. Asserts the security headers on a
// page, an API route and the call page; that no server secret reached the client bundle;
// and that the health-check and smoke scripts pass against the running app.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = process.cwd();
const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
const distDir = `test-results/next-build-${tag}`;
const tsconfig = `test-results/tsconfig.build-${tag}.json`;
const hex = (n = 12) => randomBytes(n).toString("hex");

// Server-only values: each must stay out of everything the browser can download.
const SECRETS = {
  AUTH_SECRET: `auth-secret-${hex(20)}`,
  DATABASE_URL: `postgres://voxline:db-password-${hex()}@127.0.0.1:1/voxline`,
  DIRECT_DATABASE_URL: `postgres://voxline:direct-password-${hex()}@127.0.0.1:1/voxline`,
  OPENAI_API_KEY: `sk-test-${hex(20)}`,
  DEEPGRAM_API_KEY: `dg-test-${hex(20)}`,
  LIVEKIT_API_KEY: `APIlivekit${hex(6)}`,
  LIVEKIT_API_SECRET: `livekit-secret-${hex(20)}`,
  UPSTASH_REDIS_REST_TOKEN: `upstash-token-${hex(20)}`,
  SENTRY_AUTH_TOKEN: `sntrys_${hex(24)}`,
  SENTRY_DSN: `https://server${hex(8)}@o1.ingest.sentry.example/2`,
  POSTHOG_KEY: `phc_server_${hex(16)}`,
  VERCEL_TOKEN: `vercel-token-${hex(16)}`,
};
const PUBLIC = {
  LIVEKIT_URL: "wss://voxline-test.livekit.example",
  UPSTASH_REDIS_REST_URL: "https://voxline-test.upstash.example",
  POSTHOG_HOST: "https://eu.posthog.example",
  // A public value the browser does get: proves the bundle scan reads the right files.
  NEXT_PUBLIC_SENTRY_DSN: `https://public${hex(8)}@o1.ingest.sentry.example/3`,
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 600_000) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

const baseEnv = () => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_DIST_DIR: distDir,
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

let server: ChildProcess | undefined;
let url = "";
let dataDir = "";
let buildOutput = "";

beforeAll(async () => {
  await mkdir(path.join(root, "test-results"), { recursive: true });
  // A throwaway tsconfig, so next build never rewrites the real one for its distDir.
  await writeFile(
    path.join(root, tsconfig),
    JSON.stringify({ extends: "../tsconfig.json", include: ["../**/*.ts", "../**/*.tsx"] }),
  );
  // next build rewrites next-env.d.ts for its distDir: put it back afterwards.
  const nextEnv = await readFile(path.join(root, "next-env.d.ts"), "utf8").catch(() => null);
  try {
    const build = await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      ...baseEnv(),
      ...SECRETS,
      ...PUBLIC,
      NODE_ENV: "production",
      NEXT_TSCONFIG_PATH: tsconfig,
    });
    buildOutput = build.output;
    if (build.code !== 0) throw new Error(`next build failed:\n${build.output.slice(-4000)}`);
  } finally {
    if (nextEnv !== null) await writeFile(path.join(root, "next-env.d.ts"), nextEnv);
    await rm(path.join(root, tsconfig), { force: true });
  }

  // Serve it the way a fresh checkout runs: embedded, nothing configured.
  const port = await freePort();
  dataDir = await mkdtemp(path.join(tmpdir(), "voxline-build-test-"));
  url = `http://127.0.0.1:${port}`;
  let output = "";
  server = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(port)],
    {
      cwd: root,
      env: { ...baseEnv(), NODE_ENV: "production", VOXLINE_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`next start exited:\n${output}`);
    const ready = await fetch(`${url}/api/health/database`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start did not become healthy:\n${output}`);
}, 900_000);

afterAll(async () => {
  if (server?.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  await rm(path.join(root, distDir), { recursive: true, force: true });
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("security headers on the production build", () => {
  const get = (p: string) => fetch(`${url}${p}`, { redirect: "manual" });

  function expectBaseline(headers: Headers) {
    expect(headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("x-frame-options")).toBe("DENY");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const csp = headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).toMatch(
      // Deepgram is the STT (its key is set): the caller's page streams to its live socket.
      /connect-src 'self' wss:\/\/voxline-test\.livekit\.example https:\/\/voxline-test\.livekit\.example https:\/\/o1\.ingest\.sentry\.example wss:\/\/api\.deepgram\.com(;|$)/,
    );
    expect(headers.get("x-powered-by")).toBeNull();
  }

  it("sets them on a page, with the microphone denied", async () => {
    const res = await get("/sign-in");
    expect(res.status).toBe(200);
    expectBaseline(res.headers);
    expect(res.headers.get("permissions-policy")).toMatch(/^microphone=\(\),/);
  });

  it("sets them on an API route, with no-store and a request id", async () => {
    const res = await get("/api/health");
    expect(res.status).toBe(200);
    expectBaseline(res.headers);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("permissions-policy")).toMatch(/^microphone=\(\),/);
  });

  it("allows the microphone on the call page only", async () => {
    const res = await get("/call/no-such-campaign");
    expectBaseline(res.headers);
    expect(res.headers.get("permissions-policy")).toMatch(/^microphone=\(self\),/);
  });
});

describe("the client bundle", () => {
  it("contains no server secret set during the build", async () => {
    const files = await filesUnder(path.join(root, distDir, "static"));
    expect(files.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    let publicSeen = false;
    const needles = Object.entries(SECRETS).flatMap(([name, value]) => {
      const found: [string, string][] = [[name, value]];
      // The password alone is the secret in a connection string.
      if (value.startsWith("postgres://"))
        found.push([`${name} password`, new URL(value).password]);
      return found;
    });
    for (const file of files) {
      const text = await readFile(file, "latin1");
      for (const [name, value] of needles) {
        if (text.includes(value)) leaks.push(`${name} in ${path.relative(root, file)}`);
      }
      if (text.includes(PUBLIC.NEXT_PUBLIC_SENTRY_DSN)) publicSeen = true;
    }
    expect(leaks).toEqual([]);
    expect(publicSeen, "the scan found the public DSN, so it reads the bundle").toBe(true);
    expect(buildOutput).not.toContain(SECRETS.OPENAI_API_KEY);
  });
});

describe("ops scripts against the running build", () => {
  const tsx = path.join(root, "node_modules/.bin/tsx");
  const script = (name: string, args: string[]) =>
    run(tsx, [`scripts/${name}.ts`, ...args], { ...baseEnv(), NODE_ENV: "production" }, 120_000);

  it("health-check passes and prints every route", async () => {
    const { code, output } = await script("health-check", ["--url", url]);
    expect(output).toContain("/api/health/database");
    expect(output).toContain("synthesizer:audioDuration");
    expect(output).toMatch(/HEALTHY/);
    expect(code, output).toBe(0);
  });

  it("health-check exits 1 when the deployment is unreachable", async () => {
    const { code, output } = await script("health-check", [
      "--url",
      `http://127.0.0.1:${await freePort()}`,
    ]);
    expect(output).toContain("UNHEALTHY");
    expect(code).toBe(1);
  });

  it("smoke walks the whole caller path and cleans up", async () => {
    const { code, output } = await script("smoke", ["--url", url]);
    for (const step of [
      "sign in",
      "create campaign",
      "start call",
      "text turn",
      "end call",
      "check stored call",
      "delete campaign",
    ]) {
      expect(output, output).toMatch(new RegExp(`^ok\\s+${step}`, "m"));
    }
    expect(output).toContain("SMOKE PASSED");
    expect(code).toBe(0);
  });
});
