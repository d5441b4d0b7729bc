// Postgres goes away and comes back: on a private cluster this test stops and starts itself,
// the call start, a turn, the end and a dashboard route answer 503 + Retry-After with a JSON
// code within 1.5 s (never 500 or a hang), and succeed again once Postgres is back, with no
// restart of the app. Also: a statement past DB_STATEMENT_TIMEOUT_MS fails fast as a 503.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as campaignsRoute from "@/app/api/campaigns/route";
import { connectPostgres, type Database, setDatabase } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import { withServiceRole } from "@/lib/db/scoped";
import { errorBody } from "@/lib/errors";
import { settleBackground } from "@/lib/jobs/background";
import { resetProviders } from "@/lib/voice/providers";
import { createActiveCampaign, done, endCall, startCall, textTurn } from "../helpers/calls";
import type { TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { privatePostgresAvailable, startPrivatePostgres } from "../helpers/private-postgres";

describe.skipIf(!privatePostgresAvailable)("database outage (private Postgres cluster)", () => {
  let cluster: Awaited<ReturnType<typeof startPrivatePostgres>>;
  let database: Database;
  let owner: TestUser;
  let slug: string;

  beforeAll(async () => {
    resetProviders();
    cluster = await startPrivatePostgres();
    const migrator = connectPostgres(cluster.url, 1);
    await migrateUp(migrator.db);
    await migrator.close();
    database = connectPostgres(cluster.url, 3, {
      statementTimeoutMs: 1_000,
      connectTimeoutMs: 1_000,
    });
    setDatabase(database);
    const active = await createActiveCampaign(database.db);
    owner = active.owner;
    slug = active.campaign.publicSlug;
  });

  afterAll(async () => {
    await settleBackground();
    setDatabase(undefined);
    await database?.close().catch(() => {});
    await cluster?.destroy();
  });

  const timed = async <T>(fn: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await fn();
    return { result, ms: performance.now() - t0 };
  };

  function expectUnavailable(
    res: { status: number; headers: Headers; body?: any; error?: any },
    ms: number,
  ) {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((res.body ?? res.error).error.code).toBe("database_unavailable");
    expect(ms).toBeLessThan(1_500);
  }

  it("answers 503 + Retry-After while Postgres is down, and recovers by itself", async () => {
    // A live call, with pooled connections open, when the server stops.
    const live = (await startCall(slug)).body;
    const t1 = await textTurn(live.callToken, "Yes, sure.");
    expect(t1.status).toBe(200);
    const token = done(t1).callToken;
    cluster.stop();

    for (let round = 0; round < 2; round++) {
      const start = await timed(() => startCall(slug));
      expectUnavailable(start.result, start.ms);
      const turn = await timed(() => textTurn(token, "Are you there?"));
      expectUnavailable(turn.result, turn.ms);
      const end = await timed(() => endCall(live.conversationId, token));
      expectUnavailable(end.result, end.ms);
      const dashboard = await timed(() =>
        call(campaignsRoute.GET, "/api/campaigns", { cookie: owner.cookie }),
      );
      expectUnavailable(dashboard.result, dashboard.ms);
    }

    cluster.start();
    // Same app, same pool: no restart, no setDatabase.
    const again = await startCall(slug);
    expect(again.status).toBe(201);
    const turn = await textTurn(token, "We need a new kitchen.");
    expect(turn.status).toBe(200);
    const ended = await endCall(live.conversationId, done(turn).callToken);
    expect(ended.body).toEqual({ conversationId: live.conversationId, status: "ended" });
    const list = await call(campaignsRoute.GET, "/api/campaigns", { cookie: owner.cookie });
    expect(list.status).toBe(200);
  });

  it("bounds a statement by the configured timeout and maps it to 503", async () => {
    const { result, ms } = await timed(() =>
      withServiceRole("test: a statement that runs too long", (trx) =>
        sql`select pg_sleep(3)`.execute(trx),
      ).catch((error) => errorBody(error)),
    );
    expect(ms).toBeLessThan(1_500);
    expect(result).toMatchObject({
      status: 503,
      body: { error: { code: "database_unavailable" } },
      headers: { "retry-after": "5" },
    });
  });
});
