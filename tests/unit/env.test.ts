import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appOrigins, EnvError, enforceStartupEnv, parseEnv, startupProblem } from "@/lib/env";

describe("parseEnv", () => {
  it("runs on embedded defaults with nothing set", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.VOXLINE_DATA_DIR).toBe(".data");
    expect(Object.values(env.enabled).every((on) => !on)).toBe(true);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ LIVEKIT_URL: "", DEEPGRAM_API_KEY: "" }).enabled.livekit).toBe(false);
  });

  it("switches a fully configured service on", () => {
    const env = parseEnv({
      LIVEKIT_URL: "wss://example.livekit.cloud",
      LIVEKIT_API_KEY: "key",
      LIVEKIT_API_SECRET: "secret",
    });
    expect(env.enabled.livekit).toBe(true);
  });

  it("names the missing variable of a half-configured service", () => {
    expect(() =>
      parseEnv({ LIVEKIT_URL: "wss://example.livekit.cloud", LIVEKIT_API_KEY: "k" }),
    ).toThrow(/livekit is half-configured: set LIVEKIT_API_SECRET/);
    expect(() => parseEnv({ UPSTASH_REDIS_REST_TOKEN: "t" })).toThrow(/UPSTASH_REDIS_REST_URL/);
  });

  it("does not switch a service on from its optional extras alone", () => {
    expect(parseEnv({ OPENAI_BASE_URL: "http://127.0.0.1:9999/v1" }).enabled.openai).toBe(false);
  });

  it("requires DATABASE_URL alongside Supabase", () => {
    const supabase = {
      NEXT_PUBLIC_SUPABASE_URL: "https://x.supabase.co",
      NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon",
    };
    expect(() => parseEnv(supabase)).toThrow(/DATABASE_URL/);
    expect(parseEnv({ ...supabase, DATABASE_URL: "postgres://u@h/db" }).enabled.supabase).toBe(
      true,
    );
  });

  it("requires AUTH_SECRET in production with a real database", () => {
    const prod = { NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db" };
    expect(() => parseEnv(prod)).toThrow(/AUTH_SECRET/);
    expect(parseEnv({ ...prod, AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toHaveLength(32);
    expect(parseEnv({ NODE_ENV: "production" }).AUTH_SECRET).toBeUndefined();
  });

  it("rejects malformed values with the variable's name", () => {
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
  });
});

describe("secrets, origins and start-up", () => {
  const secret = "s".repeat(32);

  it("takes a previous signing secret only beside a current one", () => {
    expect(parseEnv({ AUTH_SECRET: secret, AUTH_SECRET_PREVIOUS: "p".repeat(32) })).toMatchObject({
      AUTH_SECRET_PREVIOUS: "p".repeat(32),
    });
    expect(() => parseEnv({ AUTH_SECRET_PREVIOUS: "p".repeat(32) })).toThrow(
      /AUTH_SECRET_PREVIOUS is set but AUTH_SECRET is not/,
    );
    expect(() => parseEnv({ AUTH_SECRET: secret, AUTH_SECRET_PREVIOUS: "short" })).toThrow(
      /AUTH_SECRET_PREVIOUS/,
    );
  });

  it("takes the app's origins from configuration, and local ones outside production", () => {
    expect(appOrigins(parseEnv({}))).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
    ]);
    expect(appOrigins(parseEnv({ PORT: "4100" }))).toContain("http://127.0.0.1:4100");
    expect(appOrigins(parseEnv({ PORT: "" }))).toContain("http://[::1]:3000");
    const prod = parseEnv({
      NODE_ENV: "production",
      APP_URL: "https://voxline.example.com/",
      VERCEL_URL: "voxline-abc123.vercel.app",
      VERCEL_PROJECT_PRODUCTION_URL: "voxline.vercel.app",
    });
    expect(appOrigins(prod)).toEqual([
      "https://voxline.example.com",
      "https://voxline-abc123.vercel.app",
      "https://voxline.vercel.app",
    ]);
  });

  it("finds what stops a production server before it answers anything", () => {
    const prod = { NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db", AUTH_SECRET: secret };
    expect(startupProblem(prod)).toMatch(/APP_URL must be set in production/);
    expect(startupProblem({ ...prod, APP_URL: "https://voxline.example.com" })).toBeNull();
    expect(startupProblem({ ...prod, VERCEL_URL: "voxline-abc.vercel.app" })).toBeNull();
    expect(startupProblem({ ...prod, AUTH_SECRET: undefined })).toMatch(/AUTH_SECRET/);
    expect(startupProblem({ LIVEKIT_URL: "wss://x.livekit.cloud" })).toMatch(/livekit/);
    // `next start` on a laptop, embedded: nothing to configure.
    expect(startupProblem({ NODE_ENV: "production" })).toBeNull();
  });

  it("exits 1 with a message naming the variable", () => {
    const exits: number[] = [];
    const logs: string[] = [];
    const ok = enforceStartupEnv(
      { NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db" },
      (code) => exits.push(code),
      (line) => logs.push(line),
    );
    expect(ok).toBe(false);
    expect(exits).toEqual([1]);
    expect(logs[0]).toMatch(
      /^Voxline cannot start: invalid configuration: AUTH_SECRET must be set/,
    );
    expect(enforceStartupEnv({}, (code) => exits.push(code))).toBe(true);
    expect(exits).toEqual([1]);
  });

  it("stops the server from instrumentation register() with exit code 1", async () => {
    const run = (extra: Record<string, string>) =>
      new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn(
          path.join(process.cwd(), "node_modules/.bin/tsx"),
          [
            "-e",
            'import("./instrumentation.ts").then((m) => m.register()).then(() => console.log("started"))',
          ],
          {
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              NEXT_RUNTIME: "nodejs",
              NODE_ENV: "test",
              ...extra,
            },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (code) => resolve({ code, output }));
      });
    const bad = await run({ NODE_ENV: "production", LIVEKIT_URL: "wss://x.livekit.cloud" });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/Voxline cannot start: .*livekit is half-configured/);
    expect(bad.output).not.toContain("started");
  }, 60_000);
});
