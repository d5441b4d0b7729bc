// Health routes: application/health+json, pass on a healthy database, fail/503 (with no
// secret in the body) when the database is unreachable or hangs; AI providers probed
// through local stand-ins with a 30 s cache; LiveKit over Twirp and the local synthesizer.
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer, type Server as NetServer, type Socket } from "node:net";
import { jwtVerify } from "jose";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as aiRoute from "@/app/api/health/ai-services/route";
import * as dbRoute from "@/app/api/health/database/route";
import * as allRoute from "@/app/api/health/route";
import * as voiceRoute from "@/app/api/health/voice/route";
import { connectPostgres, setDatabase } from "@/lib/db/client";
import { latestVersion } from "@/lib/db/migrator";
import { resetEnvCache } from "@/lib/env";
import { clearAiHealthCache } from "@/lib/health/ai-services";
import { describeEachDatabase } from "../helpers/db";
import { call } from "../helpers/http";

const saved = { ...process.env };
const restoreEnv = () => {
  process.env = { ...saved };
  resetEnvCache();
  clearAiHealthCache();
};

async function listen(server: Server | NetServer) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

function expectHealthJson(res: { headers: Headers }) {
  expect(res.headers.get("content-type")).toBe("application/health+json");
  expect(res.headers.get("cache-control")).toBe("no-store");
}

describeEachDatabase("database health", ({ db }) => {
  it("passes with the migrated schema and its future partitions", async () => {
    const res = await call(dbRoute.GET, "/api/health/database");
    expect(res.status).toBe(200);
    expectHealthJson(res);
    expect(res.body.status).toBe("pass");
    const checks = res.body.checks;
    expect(checks["postgres:responseTime"][0]).toMatchObject({
      status: "pass",
      observedUnit: "ms",
    });
    expect(checks["postgres:migrationVersion"][0]).toMatchObject({
      status: "pass",
      observedValue: await latestVersion(),
    });
    expect(checks["postgres:futurePartitions"][0].observedValue).toBeGreaterThanOrEqual(1);
    for (const [, [check]] of Object.entries<any[]>(checks)) {
      expect(new Date(check.time).getTime()).not.toBeNaN();
    }
  });

  it("fails when migrations are pending and warns when the database is ahead", async () => {
    const latest = (await latestVersion())!;
    const { rows } = await sql<{ name: string; checksum: string }>`
      select name, checksum from voxline.schema_migrations where version = ${latest}`.execute(db());
    const row = rows[0]!;
    try {
      await sql`delete from voxline.schema_migrations where version = ${latest}`.execute(db());
      const behind = await call(dbRoute.GET, "/api/health/database");
      expect(behind.status).toBe(503);
      expect(behind.body.checks["postgres:migrationVersion"][0]).toMatchObject({
        status: "fail",
        output: `pending migrations: the code expects ${latest}`,
      });
      await sql`insert into voxline.schema_migrations (version, name, checksum)
        values (${latest}, ${row.name}, ${row.checksum}), ('99991231000000', 'future', 'x')`.execute(
        db(),
      );
      const ahead = await call(dbRoute.GET, "/api/health/database");
      expect(ahead.status).toBe(200);
      expect(ahead.body.status).toBe("warn");
      expect(ahead.body.checks["postgres:migrationVersion"][0].observedValue).toBe(
        "99991231000000",
      );
    } finally {
      await sql`delete from voxline.schema_migrations where version = '99991231000000'`.execute(
        db(),
      );
      await sql`insert into voxline.schema_migrations (version, name, checksum)
        values (${latest}, ${row.name}, ${row.checksum}) on conflict do nothing`.execute(db());
    }
  });
});

describe("database health when the database is down", () => {
  const password = "pw-that-must-not-leak-7f3a";
  afterEach(() => setDatabase(undefined));

  it("answers 503 fail, naming no host, user or password, when nothing listens", async () => {
    // A port that was free a moment ago and has no listener now.
    const closed = createServer();
    const deadPort = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    const database = connectPostgres(
      `postgres://voxline:${password}@127.0.0.1:${deadPort}/voxline`,
    );
    setDatabase(database);
    for (const handler of [dbRoute.GET, allRoute.GET]) {
      const res = await call(handler, "/api/health/database");
      expect(res.status).toBe(503);
      expectHealthJson(res);
      expect(res.body.status).toBe("fail");
      expect(res.body.checks["postgres:responseTime"][0]).toMatchObject({
        status: "fail",
        output: "connection failed (ECONNREFUSED)",
      });
      const text = JSON.stringify(res.body);
      for (const leak of [password, "postgres://", "voxline:", String(deadPort)]) {
        expect(text).not.toContain(leak);
      }
    }
    await database.close();
  });

  it("answers 503 fail with a timeout when the database accepts but never answers", async () => {
    const sockets: Socket[] = [];
    const hanging = createServer((socket) => void sockets.push(socket));
    const port = await listen(hanging);
    const database = connectPostgres(`postgres://voxline:${password}@127.0.0.1:${port}/voxline`);
    setDatabase(database);
    try {
      const res = await call(dbRoute.GET, "/api/health/database");
      expect(res.status).toBe(503);
      expect(res.body.checks["postgres:responseTime"][0]).toMatchObject({
        status: "fail",
        output: "timed out after 1500 ms",
      });
      expect(JSON.stringify(res.body)).not.toContain(password);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => hanging.close(() => r()));
      await database.close().catch(() => {});
    }
  });
});

describe("AI services health", () => {
  let provider: Server;
  let origin: string;
  const hits: string[] = [];
  let mode: "ok" | "unauthorized" | "hang" = "ok";

  beforeAll(async () => {
    provider = createHttpServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      if (mode === "hang") return; // never answers
      if (mode === "unauthorized") {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad key"}');
        return;
      }
      const body = req.url === "/v1/models" ? { data: [{ id: "gpt-4o-mini" }] } : { projects: [] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    origin = `http://127.0.0.1:${await listen(provider)}`;
  });
  afterEach(() => {
    restoreEnv();
    mode = "ok";
    hits.length = 0;
  });
  afterAll(() => {
    provider.closeAllConnections();
    provider.close();
  });

  const configure = () => {
    process.env.OPENAI_API_KEY = "sk-test-health-0123456789";
    process.env.OPENAI_BASE_URL = `${origin}/v1`;
    process.env.DEEPGRAM_API_KEY = "dg-test-health-0123456789";
    process.env.DEEPGRAM_BASE_URL = origin;
    resetEnvCache();
    clearAiHealthCache();
  };

  it("passes as embedded when no provider is configured, contacting nothing", async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.DEEPGRAM_API_KEY;
    resetEnvCache();
    const res = await call(aiRoute.GET, "/api/health/ai-services");
    expect(res.status).toBe(200);
    expect(res.body.checks["openai:responseTime"][0]).toMatchObject({
      status: "pass",
      observedValue: "embedded",
    });
    expect(res.body.checks["deepgram:responseTime"][0].observedValue).toBe("embedded");
    expect(hits).toHaveLength(0);
  });

  it("probes each provider with its key, then serves the cached result", async () => {
    configure();
    const first = await call(aiRoute.GET, "/api/health/ai-services");
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("pass");
    expect(hits.sort()).toEqual([
      "GET /v1/models Bearer sk-test-health-0123456789",
      "GET /v1/projects Token dg-test-health-0123456789",
    ]);
    const second = await call(aiRoute.GET, "/api/health/ai-services");
    expect(second.body.status).toBe("pass");
    expect(hits).toHaveLength(2);
  });

  it("fails with the HTTP status, not the key, when a provider rejects the key", async () => {
    configure();
    mode = "unauthorized";
    const res = await call(aiRoute.GET, "/api/health/ai-services");
    expect(res.status).toBe(503);
    expect(res.body.checks["openai:responseTime"][0]).toMatchObject({
      status: "fail",
      output: "HTTP 401",
    });
    expect(JSON.stringify(res.body)).not.toMatch(/sk-test|dg-test/);
  });

  it("fails with a timeout when a provider hangs", async () => {
    configure();
    mode = "hang";
    const res = await call(aiRoute.GET, "/api/health/ai-services");
    expect(res.status).toBe(503);
    expect(res.body.checks["deepgram:responseTime"][0]).toMatchObject({
      status: "fail",
      output: "timed out after 1500 ms",
    });
  });
});

describe("voice health", () => {
  let livekit: Server;
  let origin: string;
  const calls: { path: string; sub: unknown; grants: unknown }[] = [];
  const secret = "livekit-test-secret-0123456789abcdef";

  beforeAll(async () => {
    livekit = createHttpServer(async (req, res) => {
      const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
      const verified = await jwtVerify(token, new TextEncoder().encode(secret)).catch(() => null);
      if (!verified) {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: "unauthenticated", msg: "invalid token" }));
        return;
      }
      calls.push({
        path: req.url ?? "",
        sub: verified.payload.iss,
        grants: verified.payload.video,
      });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ rooms: [] }));
    });
    origin = `127.0.0.1:${await listen(livekit)}`;
  });
  afterEach(restoreEnv);
  afterAll(() => {
    livekit.closeAllConnections();
    livekit.close();
  });

  it("synthesizes audio locally and skips LiveKit when it is not configured", async () => {
    const res = await call(voiceRoute.GET, "/api/health/voice");
    expect(res.status).toBe(200);
    expect(res.body.checks["livekit:responseTime"][0]).toMatchObject({
      status: "pass",
      observedValue: "not configured",
    });
    const synth = res.body.checks["synthesizer:audioDuration"][0];
    expect(synth).toMatchObject({ status: "pass", observedUnit: "ms" });
    expect(synth.observedValue).toBeGreaterThan(0);
  });

  it("calls LiveKit's RoomService over Twirp with a signed token", async () => {
    process.env.LIVEKIT_URL = `ws://${origin}`;
    process.env.LIVEKIT_API_KEY = "APItest";
    process.env.LIVEKIT_API_SECRET = secret;
    resetEnvCache();
    const res = await call(voiceRoute.GET, "/api/health/voice");
    expect(res.status).toBe(200);
    expect(res.body.checks["livekit:responseTime"][0]).toMatchObject({
      status: "pass",
      observedUnit: "ms",
    });
    expect(calls.at(-1)).toMatchObject({
      path: "/twirp/livekit.RoomService/ListRooms",
      sub: "APItest",
      grants: { roomList: true },
    });
  });

  it("fails when LiveKit rejects the credentials", async () => {
    process.env.LIVEKIT_URL = `ws://${origin}`;
    process.env.LIVEKIT_API_KEY = "APItest";
    process.env.LIVEKIT_API_SECRET = "a-different-secret-0123456789abcdef";
    resetEnvCache();
    const res = await call(voiceRoute.GET, "/api/health/voice");
    expect(res.status).toBe(503);
    expect(res.body.checks["livekit:responseTime"][0]).toMatchObject({
      status: "fail",
      output: "HTTP 401",
    });
    expect(JSON.stringify(res.body)).not.toContain("a-different-secret");
  });
});
