// npm run bench:dashboard [-- --scale 0.1] [--runs 30] [--reuse]
// The dashboard's reads on a big database: seeds 1,000,000 conversations (about 10,000,000
// turns) over 12 months in five workspaces, into its own database `<DATABASE_URL's>_bench`
// on the same server (drawn inside Postgres: INSERT … SELECT over generate_series, see
// lib/seed), runs VACUUM ANALYZE, builds the analytics rollup as the jobs drain would, then
// times each query as the workspace's owner under RLS (withUser): p50 and p95 server time over
// --runs runs after two warm-ups. The analytics are timed twice: with the latest call changed
// before each run (its day's rollup is recomputed inside the read, as on a busy workspace)
// and with the rollup current. Prints the plans that show partition pruning, and the figures as
// JSON on the last line.
// --reuse keeps a bench database seeded at the same scale. Needs Postgres: PGlite is refused.
import { parseArgs } from "node:util";
import { type CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Claims } from "@/lib/auth/claims";
import { setDatabase } from "@/lib/db/client";
import { migrateUp } from "@/lib/db/migrator";
import { readAnalytics, refreshAnalyticsRollups } from "@/lib/db/queries/analytics";
import { readConversationDetail } from "@/lib/db/queries/conversation-detail";
import { listConversations } from "@/lib/db/queries/conversation-list";
import type { DB } from "@/lib/db/schema.gen";
import { type Tx, withServiceRole, withUser } from "@/lib/db/scoped";
import { seedWorkspace } from "@/lib/seed/generate";
import { analyticsRange } from "@/lib/validations/analytics";
import { summary } from "./stats";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    runs: { type: "string", default: "30" },
    reuse: { type: "boolean", default: false },
  },
});
const SCALE = Number(values.scale);
const RUNS = Number(values.runs);
const WORKSPACES = 5;
const CONVERSATIONS = Math.round(1_000_000 * SCALE);
const NOW = new Date();
const DAY = 86_400_000;

if (!process.env.DATABASE_URL) {
  console.error(
    "bench:dashboard needs Postgres: set DATABASE_URL (the embedded PGlite cannot hold a million calls in reasonable time).",
  );
  process.exit(2);
}
if (!(SCALE > 0 && SCALE <= 1) || !(RUNS >= 1)) {
  console.error("--scale must be in (0, 1] and --runs at least 1");
  process.exit(2);
}

const admin = new URL(process.env.DATABASE_URL);
const benchName = `${admin.pathname.slice(1) || "postgres"}_bench`.replace(/[^a-z0-9_]/gi, "_");
const benchUrl = new URL(admin);
benchUrl.pathname = `/${benchName}`;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The statements the app ran last, for EXPLAIN. */
const captured: CompiledQuery[] = [];
const pool = new pg.Pool({ connectionString: benchUrl.toString(), max: 2 });

function openBenchDb() {
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === "query") captured.push(event.query);
    },
  });
}

interface Owner {
  workspaceId: string;
  claims: Claims;
}

async function seeded(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ d: string | null }>`
    select obj_description('public.conversations'::regclass) as d`
    .execute(db)
    .catch(() => ({ rows: [{ d: null }] }));
  return rows[0]?.d === `bench scale ${SCALE}`;
}

async function prepare(): Promise<{ db: Kysely<DB>; owners: Owner[] }> {
  const exists = (await adminQuery(`select 1 from pg_database where datname = '${benchName}'`))
    .rowCount;
  if (!values.reuse || !exists) {
    await adminQuery(`drop database if exists ${benchName} with (force)`);
    await adminQuery(`create database ${benchName}`);
  }
  const db = openBenchDb();
  await migrateUp(db);
  const fresh = !(await seeded(db));
  const owners: Owner[] = [];
  for (let i = 1; i <= WORKSPACES; i++) {
    const email = `bench-owner-${i}@example.com`;
    const { rows } = await sql<{ id: string }>`
      insert into auth.users (email, encrypted_password) values (${email}, 'bench: no password')
      on conflict (email) do update set email = excluded.email returning id`.execute(db);
    const id = rows[0]!.id;
    owners.push({
      workspaceId: id,
      claims: {
        sub: id,
        email,
        role: "authenticated",
        exp: Math.floor(NOW.getTime() / 1000) + 86_400,
      },
    });
  }
  if (fresh) {
    const started = performance.now();
    await db.connection().execute(async (conn) => {
      // A superuser loads without the per-row foreign-key triggers (the generator keeps every
      // reference whole by construction); anyone else waits for them.
      const su = await sql<{
        su: boolean;
      }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(conn);
      if (su.rows[0]?.su) await sql`set session_replication_role = replica`.execute(conn);
      await sql`set synchronous_commit = off`.execute(conn);
      for (const [i, o] of owners.entries()) {
        const r = await seedWorkspace(conn, {
          workspaceId: o.workspaceId,
          createdBy: o.workspaceId,
          conversations: Math.round(CONVERSATIONS / WORKSPACES),
          seed: 100 + i,
          now: NOW,
          days: 365,
          log: (line) => console.log(`  workspace ${i + 1}: ${line}`),
        });
        console.log(
          `workspace ${i + 1}: ${r.conversations} conversations, ${r.turns} turns, ${r.leads} leads`,
        );
      }
      await sql`set session_replication_role = default`.execute(conn);
    });
    console.log(
      `seeded in ${((performance.now() - started) / 1000).toFixed(0)} s; vacuum analyze…`,
    );
    await sql`vacuum analyze`.execute(db);
    await sql.raw(`comment on table public.conversations is 'bench scale ${SCALE}'`).execute(db);
  }
  return { db, owners };
}

// The dashboard's own query modules, run as the user; a year's range as the list's widest view.
const pageOf = (trx: Tx, ws: string, cursor?: string | null) =>
  listConversations(trx, {
    workspaceId: ws,
    from: new Date(NOW.getTime() - 365 * DAY),
    to: NOW,
    cursor,
    limit: 50,
  });

function leadsPage(trx: Tx, ws: string) {
  return trx
    .selectFrom("leads")
    .select([
      "id",
      "name",
      "email",
      "phone",
      "company",
      "qualification_score",
      "urgency_level",
      "status",
      "created_at",
      "campaign_id",
    ])
    .where("workspace_id", "=", ws)
    .where("status", "=", "qualified")
    .where("urgency_level", "=", "high")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(50)
    .execute();
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** Leads in the last export (fewer than 10,000 only at a small --scale). */
let exported = 0;

async function exportLeads(db: Kysely<DB>, o: Owner) {
  let bytes = 3; // BOM
  const rows = await withUser(
    o.claims,
    (trx) =>
      trx
        .selectFrom("leads")
        .select([
          "id",
          "name",
          "email",
          "phone",
          "company",
          "qualification_score",
          "urgency_level",
          "status",
          "created_at",
        ])
        .where("workspace_id", "=", o.workspaceId)
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(10_000)
        .execute(),
    db,
  );
  for (const r of rows) bytes += Object.values(r).map(csvCell).join(",").length + 2;
  exported = rows.length;
  return bytes;
}

async function main() {
  const { db, owners } = await prepare();
  setDatabase({ db, kind: "postgres", close: () => db.destroy() });
  const o = owners[0]!;
  const counts = await sql<{ conversations: string; turns: string }>`
    select (select count(*) from public.conversations) as conversations,
           (select count(*) from public.turns) as turns`.execute(db);
  console.log(
    `database ${benchName}: ${counts.rows[0]!.conversations} conversations, ${counts.rows[0]!.turns} turns`,
  );

  // The cursor of page 101 (or the last full page of a small scale), and a call on it.
  const deep = await withUser(
    o.claims,
    async (trx) => {
      let page = await pageOf(trx, o.workspaceId);
      let cursor: string | null = null;
      for (let i = 0; i < 100 && page.nextCursor; i++) {
        const next = await pageOf(trx, o.workspaceId, page.nextCursor);
        if (next.items.length < 50) break;
        cursor = page.nextCursor;
        page = next;
      }
      return { cursor, id: page.items.at(-1)!.id };
    },
    db,
  );
  const detailId = deep.id;

  // The analytics rollup of every seeded day, as the jobs drain builds it after a deploy of
  // its migration (once; then only changed days are recomputed).
  let t = performance.now();
  const days = await refreshAnalyticsRollups({ db, budgetMs: Number.POSITIVE_INFINITY });
  console.log(`analytics rollup of ${days} days built in ${(performance.now() - t).toFixed(0)} ms`);
  // The page's default range: the last 30 whole UTC days, today included.
  const range = analyticsRange({}, NOW);
  const analytics = () =>
    readAnalytics(o.claims, { workspaceId: o.workspaceId, start: range.start, end: range.end });
  // A busy workspace: since the page was last read its latest call changed, so the whole of
  // the latest day (its busiest, about 2,400 calls) is recomputed inside the timed read.
  const touchLatest = () =>
    withServiceRole(
      "bench: a call changes between two reads of the analytics",
      (trx) =>
        sql`update public.conversations set updated_at = now()
             where id = (select id from public.conversations
                          where workspace_id = ${o.workspaceId}::uuid
                            and started_at >= ${range.start} and started_at < ${range.end}
                          order by started_at desc limit 1)`.execute(trx),
      db,
    );

  const entries: {
    key: string;
    label: string;
    /** Untimed, before each run. */
    before?: () => Promise<unknown>;
    run: () => Promise<unknown>;
  }[] = [
    {
      key: "conversationsFirstPage",
      label: "conversations list, first page",
      run: () => withUser(o.claims, (trx) => pageOf(trx, o.workspaceId), db),
    },
    {
      key: "conversationsDeepCursor",
      label: "conversations list, page 101 by cursor",
      run: () => withUser(o.claims, (trx) => pageOf(trx, o.workspaceId, deep.cursor), db),
    },
    {
      key: "conversationDetail",
      label: "conversation detail",
      run: () => readConversationDetail(o.claims, detailId),
    },
    {
      key: "leadsFiltered",
      label: "leads list, qualified + high urgency",
      run: () => withUser(o.claims, (trx) => leadsPage(trx, o.workspaceId), db),
    },
    {
      key: "leadsCsvExport10k",
      label: "CSV export of 10,000 leads (total)",
      run: () => exportLeads(db, o),
    },
    {
      key: "analytics30d",
      label: "analytics, 30 days, latest day recomputed",
      before: touchLatest,
      run: analytics,
    },
    {
      key: "analytics30dCurrent",
      label: "analytics, 30 days, rollup current",
      run: analytics,
    },
  ];

  const figures: Record<string, { p50: number | null; p95: number | null }> = {};
  for (const e of entries) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      await e.before?.();
      t = performance.now();
      await e.run();
      if (i >= 2) times.push(performance.now() - t);
    }
    const { p50, p95 } = summary(times);
    figures[e.key] = { p50, p95 };
    console.log(
      `${e.label.padEnd(42)} p50 ${String(p50).padStart(7)} ms  p95 ${String(p95).padStart(7)} ms`,
    );
  }

  // The plans, as the user runs them: partitions outside the range are not scanned.
  for (const [label, run] of [
    ["analytics, 30 days (the rollup read)", entries[6]!.run],
    ["conversations list, first page", entries[0]!.run],
  ] as const) {
    captured.length = 0;
    await run();
    const statements = captured.filter(
      (q) =>
        /public\.|"conversations"/.test(q.sql) &&
        !/set_config|refresh_workspace_analytics/.test(q.sql),
    );
    console.log(`\nEXPLAIN — ${label}`);
    for (const q of statements.slice(0, 2)) {
      const plan = await withUser(
        o.claims,
        (trx) =>
          trx.executeQuery<{ "QUERY PLAN": string }>({
            ...q,
            sql: `explain (analyze, costs off, timing off, summary off) ${q.sql}`,
          }),
        db,
      );
      console.log(plan.rows.map((r) => `  ${r["QUERY PLAN"]}`).join("\n"));
    }
  }

  await db.destroy();
  console.log(
    JSON.stringify({
      scale: SCALE,
      conversations: Number(counts.rows[0]!.conversations),
      turns: Number(counts.rows[0]!.turns),
      runs: RUNS,
      exportedLeads: exported,
      ms: figures,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
