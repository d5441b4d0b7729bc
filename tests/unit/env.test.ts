import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

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
