// Property-based fuzzing of every API route (fast-check): FUZZ_RUNS (default 1,000) generated
// bad requests per route and method, each a valid request with one to three defects
// (methods, paths, malformed escapes, credentials, NUL / lone surrogates in any field or
// key, unknown fields, wrong shapes, oversize, inexact content types, broken JSON, broken
// WAVs). Each must answer a 4xx JSON { error: { code, message } }; every table's checksum
// is the same after a route's batch as before it.
import fc from "fast-check";
import { SignJWT } from "jose";
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import { getSigningKey } from "@/lib/auth/secret";
import type { DB } from "@/lib/db/schema.gen";
import { resetProviders } from "@/lib/voice/providers";
import { createActiveCampaign, startCall } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { campaignInput, createConversation } from "../helpers/factories";
import {
  badRequest,
  describeSpec,
  dispatch,
  type Spec,
  type Target,
} from "../helpers/fuzz-requests";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** count + md5 of every table in public and auth (partitioned parents include their rows). */
async function checksums(db: Kysely<DB>) {
  const { rows: tables } = await sql<{ name: string }>`
    select format('%I.%I', n.nspname, c.relname) as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'auth') and c.relkind in ('r', 'p') and not c.relispartition
    order by 1`.execute(db);
  const sums: Record<string, string> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ sum: string }>`
      select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum
      from ${sql.raw(name)} t`.execute(db);
    sums[name] = rows[0]!.sum;
  }
  return sums;
}

async function expectRefused(spec: Spec) {
  const res = await dispatch(spec);
  const label = describeSpec(spec);
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  expect(res.headers.get("content-type"), label).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body?.error?.code, label).toEqual(expect.any(String));
  expect(body?.error?.message, label).toEqual(expect.any(String));
}

describeEachDatabase("fuzzing every API route", ({ db }) => {
  const targets: Target[] = [];

  beforeAll(async () => {
    resetProviders();
    const { owner, campaign } = await createActiveCampaign(db());
    const conversation = await createConversation(db(), owner, campaign.id);
    const live = (await startCall(campaign.publicSlug)).body;
    const key = await getSigningKey();
    const expired = await new SignJWT({ sat: new Date().toISOString() })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(live.conversationId)
      .setAudience("voxline-call")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });
    const user = {
      goodAuth: { cookie: owner.cookie },
      badAuth: [
        {},
        { cookie: `${owner.cookie}x` },
        { cookie: "voxline-session=garbage" },
        bearer(live.callToken),
      ],
    };
    const caller = {
      goodAuth: bearer(live.callToken),
      badAuth: [
        {},
        bearer("garbage"),
        bearer(expired),
        bearer(`${live.callToken}x`),
        { cookie: owner.cookie },
        { authorization: live.callToken },
      ],
    };
    const pub = { goodAuth: {}, badAuth: [] };
    const credentials = () => ({ email: "fuzz@example.com", password: "a long enough password" });
    const campaignBody = () => campaignInput({ name: "Fuzzed campaign" });
    const cid = { id: campaign.id };
    targets.push(
      { pattern: "/api/auth/sign-in", method: "POST", auth: "public", body: credentials, ...pub },
      { pattern: "/api/auth/sign-up", method: "POST", auth: "public", body: credentials, ...pub },
      { pattern: "/api/auth/sign-out", method: "POST", auth: "public", body: () => ({}), ...pub },
      {
        pattern: "/api/calls",
        method: "POST",
        auth: "public",
        body: () => ({
          campaignSlug: campaign.publicSlug,
          caller: { name: "Ann", email: "ann@example.com" },
        }),
        ...pub,
      },
      {
        pattern: "/api/calls/[id]/end",
        method: "POST",
        auth: "caller",
        params: { id: live.conversationId },
        body: () => ({ reason: "caller_hung_up" }),
        ...caller,
      },
      { pattern: "/api/campaigns", method: "GET", auth: "user", ...user },
      { pattern: "/api/campaigns", method: "POST", auth: "user", body: campaignBody, ...user },
      { pattern: "/api/campaigns/[id]", method: "GET", auth: "user", params: cid, ...user },
      {
        pattern: "/api/campaigns/[id]",
        method: "PATCH",
        auth: "user",
        params: cid,
        body: campaignBody,
        ...user,
      },
      { pattern: "/api/campaigns/[id]", method: "DELETE", auth: "user", params: cid, ...user },
      {
        pattern: "/api/campaigns/[id]/status",
        method: "POST",
        auth: "user",
        params: cid,
        body: () => ({ status: "paused" }),
        ...user,
      },
      {
        pattern: "/api/conversations/[id]",
        method: "GET",
        auth: "user",
        params: { id: conversation.id },
        ...user,
      },
      // No recording has this id: a request that is still valid after its defects is a 404.
      {
        pattern: "/api/recordings/[id]",
        method: "GET",
        auth: "user",
        params: { id: "00000000-0000-4000-8000-00000000feed" },
        ...user,
      },
      { pattern: "/api/health", method: "GET", auth: "public", ...pub },
      { pattern: "/api/health/ai-services", method: "GET", auth: "public", ...pub },
      { pattern: "/api/health/database", method: "GET", auth: "public", ...pub },
      { pattern: "/api/health/voice", method: "GET", auth: "public", ...pub },
      {
        pattern: "/api/voice/turn",
        method: "POST",
        auth: "caller",
        body: () => ({ text: "Hello there" }),
        ...caller,
      },
      {
        pattern: "/api/voice/turn/interrupt",
        method: "POST",
        auth: "caller",
        body: () => ({ seq: 2, pieceId: 0, heardText: "Hel" }),
        ...caller,
      },
      {
        pattern: "/api/workspaces/current",
        method: "POST",
        auth: "user",
        body: () => ({ workspaceId: owner.id }),
        ...user,
      },
    );
  });

  it(`refuses ${RUNS} generated bad requests per route and method, writing nothing`, async () => {
    let total = 0;
    for (const target of targets) {
      const before = await checksums(db());
      const t0 = performance.now();
      await fc.assert(
        fc.asyncProperty(badRequest(target), async (spec) => {
          total++;
          await expectRefused(spec);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
      if (process.env.FUZZ_TIMING)
        console.log(target.method, target.pattern, Math.round(performance.now() - t0), "ms");
      expect(await checksums(db()), `${target.method} ${target.pattern}`).toEqual(before);
    }
    expect(total).toBeGreaterThanOrEqual(RUNS * targets.length);
  }, 900_000);
});
