// Property-based fuzzing of every API route (fast-check): FUZZ_RUNS (default 1,000) generated
// bad requests per route and method, each a valid request with one to three defects
// (methods, paths, malformed escapes, credentials and signatures, NUL / lone surrogates in
// any field, key or query value, unknown fields, wrong shapes, oversize, inexact content
// types, broken JSON and forms, broken WAVs). Each must answer a 4xx JSON
// { error: { code, message } }; every table's checksum is the same after a route's batch as
// before it. A route file or exported method without a target (helpers/fuzz-targets.ts)
// fails the suite.
import fc from "fast-check";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DB } from "@/lib/db/schema.gen";
import { API_ROUTES } from "@/lib/http/api-routes";
import { describeEachDatabase } from "../helpers/db";
import { dispatch, type Spec } from "../helpers/fuzz-dispatch";
import { type FuzzFixtures, fuzzFixtures } from "../helpers/fuzz-fixtures";
import { badRequest, describeSpec, type Target } from "../helpers/fuzz-requests";
import { fuzzTargets, routePatterns } from "../helpers/fuzz-targets";

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
  let fixtures: FuzzFixtures | undefined;
  let targets: Target[] = [];

  beforeAll(async () => {
    fixtures = await fuzzFixtures(db());
    targets = fuzzTargets(fixtures);
  });
  afterAll(() => fixtures?.restore());

  it("has a target for every route file and every method it exports", async () => {
    const covered = new Set(targets.map((t) => `${t.method} ${t.pattern}`));
    const wanted = new Set<string>();
    for (const pattern of await routePatterns()) {
      // The catch-all exports every method and answers each with the same 404: one target.
      const methods = API_ROUTES[pattern] ?? (pattern.includes("[...") ? ["GET"] : ["(any)"]);
      for (const m of methods) wanted.add(`${m} ${pattern}`);
    }
    for (const [pattern, methods] of Object.entries(API_ROUTES))
      for (const m of methods) wanted.add(`${m} ${pattern}`);
    const missing = [...wanted].filter((w) => !covered.has(w));
    expect(missing, "add a target for each to tests/helpers/fuzz-targets.ts").toEqual([]);
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
