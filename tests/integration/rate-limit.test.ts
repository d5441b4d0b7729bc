// Rate limits on the auth routes: 429 with Retry-After past the limit, in-process and
// through @upstash/ratelimit over a real Redis (via the Upstash REST stand-in); keyed by an
// address the client cannot forge, whatever X-Forwarded-For / X-Real-IP it sends.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as signIn from "@/app/api/auth/sign-in/route";
import * as signOut from "@/app/api/auth/sign-out/route";
import * as signUp from "@/app/api/auth/sign-up/route";
import { resetEnvCache } from "@/lib/env";
import { installServerGuards } from "@/lib/http/node-server";
import { getLimiter, RATE_LIMITS, setLimiter } from "@/lib/ratelimit";
import { clientAddress, SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import { upstashLimiter } from "@/lib/ratelimit/upstash";
import { call } from "../helpers/http";
import { startUpstashRedis } from "../stand-ins/upstash-redis";

const AUTH_LIMIT = RATE_LIMITS.auth.tokens;

/** Calls the route until it answers 429 from one client; returns every status and the 429. */
async function hammer(handler: typeof signIn.POST, path: string, ip: string) {
  const statuses: number[] = [];
  for (let i = 0; i <= AUTH_LIMIT; i++) {
    // An invalid body: the limit is checked before the body, so no database is needed.
    const res = await call(handler, path, { body: {}, clientAddress: ip });
    statuses.push(res.status);
    if (res.status === 429) return { statuses, limited: res };
  }
  return { statuses, limited: null };
}

function expectLimited(result: Awaited<ReturnType<typeof hammer>>) {
  expect(result.statuses.slice(0, AUTH_LIMIT)).not.toContain(429);
  expect(result.limited?.status).toBe(429);
  expect(result.limited?.body.error.code).toBe("rate_limited");
  const retryAfter = Number(result.limited?.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.auth.windowSeconds);
}

describe("rate limits, in-process", () => {
  beforeAll(() => setLimiter(undefined));

  it("answers 429 with Retry-After on each auth route past the limit", async () => {
    for (const [handler, path] of [
      [signIn.POST, "/api/auth/sign-in"],
      [signUp.POST, "/api/auth/sign-up"],
      [signOut.POST, "/api/auth/sign-out"],
    ] as const) {
      expectLimited(await hammer(handler, path, `203.0.113.${Math.floor(Math.random() * 250)}`));
    }
  });

  it("counts each client separately", async () => {
    const ip = "2001:db8::a";
    expectLimited(await hammer(signIn.POST, "/api/auth/sign-in", ip));
    const other = await call(signIn.POST, "/x", { body: {}, clientAddress: "2001:db8::b" });
    expect(other.status).toBe(400);
  });
});

describe("client addresses: spoofed headers never pick the rate-limit key", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });
  const trustProxyIs = (value?: string) => {
    if (value === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = value;
    delete process.env.VERCEL;
    resetEnvCache();
  };
  const spoofs = (i: number) => ({
    "x-forwarded-for": `203.0.113.${i}, 198.51.100.${i}`,
    "x-real-ip": `192.0.2.${i}`,
    forwarded: `for=192.0.2.${i}`,
  });

  it("TRUST_PROXY unset (none): the socket address, whatever the client sends", async () => {
    trustProxyIs();
    const socket = `2001:db8:5::${randomUUID().slice(0, 4)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= AUTH_LIMIT; i++) {
      const res = await call(signIn.POST, "/api/auth/sign-in", {
        body: {},
        clientAddress: socket,
        headers: spoofs(i),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, AUTH_LIMIT)).not.toContain(429);
    expect(statuses.at(-1)).toBe(429);
  });

  it("TRUST_PROXY=vercel: Vercel's x-real-ip, not a client-added forwarded hop", async () => {
    trustProxyIs("vercel");
    const real = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= AUTH_LIMIT; i++) {
      const res = await call(signIn.POST, "/api/auth/sign-in", {
        body: {},
        headers: { "x-real-ip": real, "x-forwarded-for": `10.0.0.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
  });

  it("TRUST_PROXY=1: the hop our proxy appended, not the ones the client wrote", async () => {
    trustProxyIs("1");
    const real = `2001:db8:6::${randomUUID().slice(0, 4)}`;
    const statuses: number[] = [];
    for (let i = 0; i <= AUTH_LIMIT; i++) {
      const res = await call(signIn.POST, "/api/auth/sign-in", {
        body: {},
        headers: { "x-forwarded-for": `10.0.0.${i}, 10.1.0.${i}, ${real}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
    const req = (xff: string) => new Request("http://x/", { headers: { "x-forwarded-for": xff } });
    expect(clientAddress(req("a, b, c"), 2)).toBe("b");
    expect(clientAddress(req("c"), 2)).toBe("unknown");
  });

  it("the server stamps the TCP peer over any client-sent copy of the header", async () => {
    installServerGuards();
    installServerGuards(); // idempotent
    const server = http.createServer((req, res) => {
      res.end(JSON.stringify(req.headers));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, {
        headers: { [SOCKET_ADDRESS_HEADER]: "6.6.6.6", "x-forwarded-for": "7.7.7.7" },
      });
      const seen = (await res.json()) as Record<string, string>;
      expect(seen[SOCKET_ADDRESS_HEADER]).toBe("127.0.0.1");
      trustProxyIs("none");
      const asNext = new Request("http://x/", { headers: seen });
      expect(clientAddress(asNext)).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});

describe("rate limits over Upstash (REST bridge to the local Redis)", () => {
  let bridge: Awaited<ReturnType<typeof startUpstashRedis>>;
  const saved = { ...process.env };

  beforeAll(async () => {
    bridge = await startUpstashRedis();
  });
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
    setLimiter(undefined);
  });
  afterAll(() => bridge.close());

  it("limits with the sliding window in Redis: 10 allowed, then blocked", async () => {
    const limiter = upstashLimiter({
      url: bridge.url,
      token: bridge.token,
      ephemeralCache: false,
      prefix: `voxline:test:${randomUUID()}`,
    });
    const results = [];
    for (let i = 0; i <= AUTH_LIMIT; i++) results.push(await limiter.limit("auth", "198.51.100.7"));
    expect(results.map((r) => r.success)).toEqual([...Array(AUTH_LIMIT).fill(true), false]);
    expect(results.map((r) => r.remaining).slice(0, 3)).toEqual([
      AUTH_LIMIT - 1,
      AUTH_LIMIT - 2,
      AUTH_LIMIT - 3,
    ]);
    expect(results.at(-1)!.reset).toBeGreaterThan(Date.now());
    expect(bridge.commands()).toBeGreaterThan(AUTH_LIMIT);
  });

  it("is chosen from the environment and answers 429 + Retry-After on the auth routes", async () => {
    process.env.UPSTASH_REDIS_REST_URL = bridge.url;
    process.env.UPSTASH_REDIS_REST_TOKEN = bridge.token;
    resetEnvCache();
    setLimiter(undefined);
    const before = bridge.commands();
    // A fresh IP per run: the counters live in Redis, beyond this process.
    const result = await hammer(
      signUp.POST,
      "/api/auth/sign-up",
      `2001:db8:1::${randomUUID().slice(0, 4)}`,
    );
    expectLimited(result);
    expect(bridge.commands() - before).toBeGreaterThanOrEqual(AUTH_LIMIT);
    expect(getLimiter()).not.toBeUndefined();
  });

  it("rejects a wrong token at the bridge, as Upstash does", async () => {
    const limiter = upstashLimiter({ url: bridge.url, token: "wrong", ephemeralCache: false });
    await expect(limiter.limit("auth", "x")).rejects.toThrow();
  });

  it("fails open when Upstash rejects the token: the route still answers", async () => {
    process.env.UPSTASH_REDIS_REST_URL = bridge.url;
    process.env.UPSTASH_REDIS_REST_TOKEN = "revoked-token";
    resetEnvCache();
    setLimiter(undefined);
    const result = await hammer(signIn.POST, "/api/auth/sign-in", "2001:db8:2::1");
    expect(result.limited).toBeNull();
    expect(new Set(result.statuses)).toEqual(new Set([400]));
  });
});
