// Every API route against a shared workspace W, on both databases, driven by one table (a row
// is a route and method: tests/helpers/route-sweep.ts): W has an owner and a viewer; an outsider owns another workspace
// and sends W's ids, a forged vx_workspace=W cookie, their own API key and their own call
// token. The outsider gets the row's 4xx (or, where a route acts on "the current workspace",
// their own workspace's data) and never a byte of W's; the viewer's mutations are 403. After
// every request W's rows are exactly as before. A route file under app/api that is neither
// in the table nor exempt (with the reason) fails the first test, so a new route gets a row.
// Under the routes, every table and view with a workspace_id (found in the catalog, so a new
// one is included): W has a row in each table a client may read, and the outsider reads,
// updates and deletes none of them.

import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/keys";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { refreshAnalyticsRollups } from "@/lib/db/queries/analytics";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { settleBackground } from "@/lib/jobs/background";
import { saveNotificationSettings } from "@/lib/notifications/settings";
import { recordingPath, recordingStore } from "@/lib/recordings/storage";
import { signCallToken } from "@/lib/voice/call-token";
import { createInvitation } from "@/lib/workspaces/invitations";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
} from "../helpers/factories";
import { send } from "../helpers/http";
import {
  apiRoutes,
  EXEMPT,
  type Fixture,
  MODULES,
  ROUTES,
  type RouteCase,
  type Who,
} from "../helpers/route-sweep";
import { wavFile } from "../helpers/wav";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";
import { type LiveKitStandIn, startLiveKitStandIn } from "../stand-ins/livekit";

it("has a row for every route and method under app/api, or says why it needs none", async () => {
  const covered = new Set(ROUTES.map((r) => `${r.method} ${r.route}`));
  const missing = (await apiRoutes()).filter(
    (r) => !covered.has(r) && !(r.slice(r.indexOf(" ") + 1) in EXEMPT),
  );
  expect(missing).toEqual([]);
  for (const r of ROUTES)
    expect(MODULES[r.route]?.[r.method], `${r.method} ${r.route}`).toBeTypeOf("function");
});

const WEBHOOK_URL = "https://hooks.example.com/w-secret-hook";

describeEachDatabase("workspace route isolation", ({ db }) => {
  let lk: LiveKitStandIn;
  const saved = { ...process.env };
  let f: Fixture;
  /** Strings only W's data holds; none may reach the outsider. */
  let secrets: string[];

  beforeAll(async () => {
    lk = await startLiveKitStandIn();
    Object.assign(process.env, lk.env());
    resetEnvCache();
    const [owner, viewer, outsider] = await Promise.all([
      createUser(db(), `w-owner-${Date.now()}@example.com`),
      createUser(db(), `w-viewer-${Date.now()}@example.com`),
      createUser(db()),
    ]);
    const ws = await createTeamWorkspace(db(), owner, "W secret team");
    await addMember(db(), ws, viewer, "viewer");
    const wActor = { claims: owner.claims, workspaceId: ws };
    const c = await createCampaignFor(owner, { name: "W secret campaign" }, ws);
    await setCampaignStatus(wActor, { id: c.id, status: "active" });
    const conv = await createConversation(db(), { id: ws }, c.id, new Date(), {
      caller_email: "w-caller@example.com",
    });
    await createTurn(db(), conv, 0, { text: "W secret turn words" });
    const lead = await createLead(db(), conv, { email: "w-lead@example.com", name: "W Lead" });
    const recordingId = await storeRecording(conv);
    await saveNotificationSettings(wActor, {
      campaignId: c.id,
      settings: {
        webhookUrl: WEBHOOK_URL,
        slackEnabled: false,
        emailEnabled: true,
      },
    });
    await fillServerTables(conv, c.id, owner.id);
    // The analytics rollup of W's calls (the jobs drain builds it).
    await refreshAnalyticsRollups({ db: db() });
    const { invitation: inv, token } = await createInvitation(owner.claims, {
      id: ws,
      email: "w-invitee@example.com",
      role: "member",
    });

    // The outsider's own workspace (their personal one) with a live call and an API key.
    const own = await createCampaignFor(outsider, { name: "Outsider campaign" });
    await setCampaignStatus(outsider.claims, { id: own.id, status: "active" });
    const ownConv = await createConversation(db(), outsider, own.id);
    const ownCallToken = await signCallToken({
      sub: ownConv.id,
      sat: ownConv.started_at.toISOString(),
      own: outsider.id,
      cmp: own.id,
      lng: "en",
    });
    const key = await createApiKey(outsider.claims, { name: "Outsider key" });
    const wKey = await createApiKey(wActor, { name: "W key" });

    f = {
      ws,
      owner,
      viewer,
      outsider,
      campaignId: c.id,
      slug: c.publicSlug,
      conversationId: conv.id,
      recordingId,
      invitationId: inv.id,
      invitationToken: token,
      ownConversationId: ownConv.id,
      ownCampaignId: own.id,
      ownCallToken,
      ownApiKey: key.secret,
      wApiKey: wKey.secret,
    };
    secrets = [
      ws,
      c.id,
      c.publicSlug,
      "W secret",
      conv.id,
      lead.id,
      recordingId,
      inv.id,
      owner.id,
      viewer.id,
      owner.email,
      viewer.email,
      "w-caller@example.com",
      "w-lead@example.com",
      "w-invitee@example.com",
      WEBHOOK_URL,
    ];
  });

  afterAll(async () => {
    process.env = { ...saved };
    resetEnvCache();
    await lk?.close();
  });

  async function storeRecording(conv: { id: string; workspace_id: string; started_at: Date }) {
    const path = recordingPath({
      workspaceId: conv.workspace_id,
      conversationId: conv.id,
      seq: 0,
      role: "caller",
    });
    // Samples that spell a secret, so audio reaching the outsider would show as a leak too.
    const data = new TextEncoder().encode("W secret audio ".repeat(20));
    const wav = wavFile({ data, sampleRate: 16_000 });
    await recordingStore().put(path, wav);
    const row = await withServiceRole(
      "tests store a recording",
      (trx) =>
        trx
          .insertInto("turn_recordings")
          .values({
            workspace_id: conv.workspace_id,
            conversation_id: conv.id,
            conversation_started_at: conv.started_at,
            seq: 0,
            role: "caller",
            path,
            bytes: wav.byteLength,
            duration_ms: 10,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      db(),
    );
    return row.id;
  }

  /** Rows of W in the tables only the server writes: a number, a hold, a phone call, a notification. */
  async function fillServerTables(
    conv: { id: string; workspace_id: string; started_at: Date },
    campaignId: string,
    ownerId: string,
  ) {
    const e164 = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const hex = () => randomBytes(16).toString("hex");
    const call = {
      workspace_id: conv.workspace_id,
      campaign_id: campaignId,
      conversation_id: conv.id,
      conversation_started_at: conv.started_at,
    };
    const eventId = `evt_${hex()}`;
    await withServiceRole(
      "tests fill a workspace's server-written tables",
      async (trx) => {
        await trx
          .insertInto("telephony_numbers")
          .values({ e164, workspace_id: conv.workspace_id })
          .execute();
        await trx
          .insertInto("campaign_phone_numbers")
          .values({ e164, workspace_id: conv.workspace_id, campaign_id: campaignId })
          .execute();
        await trx
          .insertInto("conversation_takeovers")
          .values({
            workspace_id: conv.workspace_id,
            conversation_id: conv.id,
            conversation_started_at: conv.started_at,
            held_by: ownerId,
          })
          .execute();
        await trx
          .insertInto("phone_calls")
          .values({
            ...call,
            call_sid: `CA${hex()}`,
            from_number: "+15550001111",
            to_number: e164,
            outcome: "answered",
          })
          .execute();
        const outbox = await trx
          .insertInto("notification_outbox")
          .values({ ...call, event_id: eventId, kind: "lead.qualified", payload: "{}" })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("notification_deliveries")
          .values({
            outbox_id: outbox.id,
            event_id: eventId,
            workspace_id: conv.workspace_id,
            campaign_id: campaignId,
            target: "webhook",
            destination: WEBHOOK_URL,
            attempt: 1,
            ok: true,
            duration_ms: 5,
          })
          .execute();
      },
      db(),
    );
  }

  /** public's tables and views with a workspace_id column (partitions through their parent). */
  const tenantRelations = async () =>
    (
      await sql<{ name: string; kind: "r" | "p" | "v"; readable: boolean; invoker: boolean }>`
        select c.relname as name, c.relkind as kind,
               has_any_column_privilege('authenticated', c.oid, 'select') as readable,
               coalesce(c.reloptions @> '{security_invoker=true}', false) as invoker
          from pg_class c join pg_attribute a on a.attrelid = c.oid
         where c.relnamespace = 'public'::regnamespace and a.attname = 'workspace_id'
           and c.relkind in ('r', 'p', 'v') and not c.relispartition
         order by 1`.execute(db())
    ).rows;

  /** Every row of W in every table (and W itself), read with the service role. */
  const snapshotW = async () => {
    const tables = (await tenantRelations()).filter((r) => r.kind !== "v").map((r) => r.name);
    return withServiceRole(
      "tests read a workspace's rows",
      async (trx) => {
        const rows: Record<string, unknown[]> = {
          workspaces: (
            await sql`select to_jsonb(w) as row from public.workspaces w where id = ${f.ws}`.execute(
              trx,
            )
          ).rows,
        };
        for (const table of tables) {
          rows[table] = (
            await sql`select to_jsonb(t) as row from ${sql.table(table)} t
              where workspace_id = ${f.ws} order by 1`.execute(trx)
          ).rows;
        }
        return rows;
      },
      db(),
    );
  };

  it("keeps every table and view holding workspace_id closed to the outsider", async () => {
    const before = await snapshotW();
    const relations = await tenantRelations();
    // A table clients may read holds a row of W here, so "the outsider sees none" is a test.
    const empty = relations.filter((r) => r.kind !== "v" && r.readable && !before[r.name]!.length);
    expect(empty.map((r) => r.name)).toEqual([]);
    // Views answer with their reader's rights, so the tables' policies hold through them.
    expect(relations.filter((r) => r.kind === "v" && !r.invoker).map((r) => r.name)).toEqual([]);
    const outcome: Record<string, string> = {};
    for (const { name, kind } of [...relations, { name: "workspaces", kind: "r" as const }]) {
      const key = name === "workspaces" ? "id" : "workspace_id";
      // Each returns a row per row of W it reached.
      const statements = [
        sql`select 1 from ${sql.table(name)} where ${sql.ref(key)} = ${f.ws}`,
        ...(kind === "v"
          ? []
          : [
              sql`update ${sql.table(name)} set ${sql.ref(key)} = ${sql.ref(key)}
                where ${sql.ref(key)} = ${f.ws} returning 1`,
              sql`delete from ${sql.table(name)} where ${sql.ref(key)} = ${f.ws} returning 1`,
            ]),
      ];
      const results: string[] = [];
      for (const statement of statements) {
        const reached = await withUser(
          f.outsider.claims,
          async (trx) => (await statement.execute(trx)).rows.length,
          db(),
        ).catch((error: { code?: string }) => (error.code === "42501" ? 0 : `${error}`));
        if (reached !== 0) results.push(`${statement.compile(db()).sql.split(" ")[0]}: ${reached}`);
      }
      outcome[name] = results.join(", ");
    }
    expect(Object.entries(outcome).filter(([, bad]) => bad)).toEqual([]);
    expect(await snapshotW()).toEqual(before);
  });

  /** Sends the row's request; a stream is read up to its first event, then cancelled. */
  async function run(row: RouteCase, who: Who) {
    const { path, ...options } = row.request(f, who);
    const res = await send(MODULES[row.route]![row.method]!, path, {
      method: row.method,
      ...options,
    });
    let text: string;
    if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      text = "";
      while (!text.includes("\ndata: ")) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      await reader.cancel();
    } else text = await res.text();
    await settleBackground();
    return { status: res.status, text, sent: `${path} ${JSON.stringify(options.body ?? "")}` };
  }

  const label = (r: RouteCase) => `${r.method} /api/${r.route}${r.label ? ` (${r.label})` : ""}`;

  it.each(ROUTES.map((r) => [label(r), r] as const))("the outsider: %s", async (_, row) => {
    const before = await snapshotW();
    const { status, text, sent } = await run(row, "outsider");
    expect(status, text).toBe(row.outsider);
    // What the request itself carried (W's ids) may come back in an error; nothing else.
    const leaked = secrets.filter((s) => !sent.includes(s) && text.includes(s));
    expect(leaked).toEqual([]);
    row.check?.(text, f);
    expect(await snapshotW()).toEqual(before);
  });

  const viewerRows = ROUTES.filter((r) => r.viewer === 403);
  it.each(viewerRows.map((r) => [label(r), r] as const))("the viewer: %s", async (_, row) => {
    const before = await snapshotW();
    const { status, text } = await run(row, "viewer");
    expect(status, text).toBe(403);
    expect(JSON.parse(text).error.code).toMatch(/^(forbidden|invitation_wrong_email)$/);
    expect(await snapshotW()).toEqual(before);
  });

  it("shows W's owner what the outsider was refused, through the same rows", async () => {
    // So each 404 above is the outsider's, not a broken fixture's, and the leak check would
    // have caught W's data (the answers carry secrets the request did not).
    const reads = ROUTES.filter((r) => r.outsider === 404 && r.method === "GET");
    expect(reads.length).toBeGreaterThan(4);
    for (const row of reads) {
      const { path, ...options } = row.request(f, "outsider");
      const owner = row.route.startsWith("v1/")
        ? { headers: { authorization: `Bearer ${f.wApiKey}` } }
        : { cookie: `${f.owner.cookie}; vx_workspace=${f.ws}` };
      const res = await send(MODULES[row.route]![row.method]!, path, { ...options, ...owner });
      const text = await res.text();
      expect(res.status, label(row)).toBe(200);
      expect(
        secrets.filter((s) => !path.includes(s) && text.includes(s)),
        label(row),
      ).not.toEqual([]);
    }
  });
});
