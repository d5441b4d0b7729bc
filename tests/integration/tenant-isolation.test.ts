// Two users, each alone in their personal workspace: B (not a member of A's workspace) can
// neither read, update, delete nor insert into its campaigns, slugs, calls, turns and leads,
// through the database helper (RLS decides) and through /api/campaigns; anon sees and writes
// nothing. Every route and every table with a workspace_id, against a workspace shared by an
// owner and a viewer: tests/integration/workspace-route-isolation.test.ts. What each ROLE
// inside a workspace may do: tests/integration/workspace-permissions.test.ts.
import { type Kysely, sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import * as campaignRoute from "@/app/api/campaigns/[id]/route";
import * as statusRoute from "@/app/api/campaigns/[id]/status/route";
import * as campaignRoutes from "@/app/api/campaigns/route";
import * as commands from "@/lib/campaigns/commands";
import type { DB } from "@/lib/db/schema.gen";
import { withAnon, withUser } from "@/lib/db/scoped";
import { describeEachDatabase } from "../helpers/db";
import {
  campaignInput,
  createCampaignFor,
  createConversation,
  createLead,
  createTurn,
  createUser,
  type TestUser,
} from "../helpers/factories";
import { call } from "../helpers/http";

const TABLES = ["campaigns", "campaign_slugs", "conversations", "turns", "leads"] as const;

describeEachDatabase("tenant isolation", ({ db }) => {
  let a: TestUser;
  let b: TestUser;
  let campaignId: string;
  let conversation: Awaited<ReturnType<typeof createConversation>>;

  beforeAll(async () => {
    a = await createUser(db());
    b = await createUser(db());
    campaignId = (await createCampaignFor(a)).id;
    conversation = await createConversation(db(), a, campaignId);
    await createTurn(db(), conversation);
    await createLead(db(), conversation);
    await createCampaignFor(b, { name: "B's own campaign" });
  });

  const workspaceIds = async (as: TestUser | null, table: (typeof TABLES)[number]) => {
    const run = (trx: Kysely<DB>) =>
      sql<{ workspace_id: string }>`select workspace_id from ${sql.table(table)}`.execute(trx);
    const { rows } = as ? await withUser(as.claims, run, db()) : await withAnon(run, db());
    return rows.map((r) => r.workspace_id);
  };

  it("lets each owner read only their own rows in every table", async () => {
    for (const table of TABLES) {
      const seenByB = await workspaceIds(b, table);
      expect(seenByB, table).not.toContain(a.id);
      expect(await workspaceIds(a, table), table).toContain(a.id);
    }
  });

  it("gives anon nothing at all", async () => {
    for (const table of TABLES) {
      await expect(workspaceIds(null, table), table).rejects.toMatchObject({ code: "42501" });
    }
    await expect(
      withAnon(
        (trx) =>
          trx
            .insertInto("campaigns")
            .values({ workspace_id: a.id, name: "x", public_slug: "anon-x1" })
            .execute(),
        db(),
      ),
    ).rejects.toMatchObject({ code: "42501" });
  });

  it("lets no owner truncate a table, nor reach a partition except through its table", async () => {
    const { rows } = await sql<{ name: string; partition: boolean }>`
      select format('public.%I', relname) as name, relispartition as partition from pg_class
       where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`.execute(db());
    for (const { name, partition } of rows) {
      const asA = (statement: string) =>
        withUser(a.claims, (trx) => sql.raw(statement).execute(trx), db());
      await expect(asA(`truncate ${name}`), name).rejects.toMatchObject({ code: "42501" });
      if (partition)
        await expect(asA(`select 1 from ${name}`), name).rejects.toMatchObject({ code: "42501" });
    }
  });

  it("makes B's updates and deletes of A's rows touch nothing", async () => {
    for (const table of TABLES) {
      const { rows } = await withUser(
        b.claims,
        async (trx) => {
          // The client roles may not change a campaign's workspace at all (column grants).
          if (table === "campaigns") {
            await sql`update campaigns set name = 'Hijacked' where workspace_id = ${a.id}`.execute(
              trx,
            );
          } else if (table !== "campaign_slugs") {
            await sql`update ${sql.table(table)} set workspace_id = ${b.id} where workspace_id = ${a.id}`.execute(
              trx,
            );
          }
          return sql`delete from ${sql.table(table)} where workspace_id = ${a.id} returning 1`.execute(
            trx,
          );
        },
        db(),
      );
      expect(rows, table).toHaveLength(0);
      expect(await workspaceIds(a, table), table).toContain(a.id);
    }
  });

  it("refuses B's inserts of rows owned by A", async () => {
    const asB = (fn: (trx: Kysely<DB>) => Promise<unknown>) => withUser(b.claims, fn, db());
    const c = conversation;
    const inserts: [string, (trx: Kysely<DB>) => Promise<unknown>][] = [
      [
        "campaigns",
        (t) =>
          t
            .insertInto("campaigns")
            .values({ workspace_id: a.id, name: "x", public_slug: "as-a-x1" })
            .execute(),
      ],
      [
        "campaign_slugs",
        (t) =>
          t
            .insertInto("campaign_slugs")
            .values({ slug: "as-a-x2", workspace_id: a.id, campaign_id: campaignId })
            .execute(),
      ],
      [
        "conversations",
        (t) =>
          t
            .insertInto("conversations")
            .values({ workspace_id: a.id, campaign_id: campaignId })
            .execute(),
      ],
      [
        "turns",
        (t) =>
          t
            .insertInto("turns")
            .values({
              workspace_id: a.id,
              conversation_id: c.id,
              conversation_started_at: c.started_at,
              seq: 99,
              role: "caller",
            })
            .execute(),
      ],
      [
        "leads",
        (t) =>
          t
            .insertInto("leads")
            .values({
              workspace_id: a.id,
              campaign_id: campaignId,
              conversation_id: c.id,
              conversation_started_at: c.started_at,
            })
            .execute(),
      ],
    ];
    for (const [table, insert] of inserts) {
      await expect(asB(insert), table).rejects.toMatchObject({ code: "42501" });
    }
  });

  it("refuses B's rows hung under A's parents", async () => {
    const c = conversation;
    await expect(
      withUser(
        b.claims,
        (t) =>
          t
            .insertInto("turns")
            .values({
              workspace_id: b.id,
              conversation_id: c.id,
              conversation_started_at: c.started_at,
              seq: 98,
              role: "human_agent",
            })
            .execute(),
        db(),
      ),
    ).rejects.toMatchObject({ code: "23503" });
    await expect(
      withUser(
        b.claims,
        (t) =>
          t
            .insertInto("conversations")
            .values({ workspace_id: b.id, campaign_id: campaignId })
            .execute(),
        db(),
      ),
    ).rejects.toMatchObject({ code: "23503" });
  });

  it("hides A's campaign from B in every command", async () => {
    const input = { ...campaignInput({ name: "Hijacked" }), id: campaignId };
    await expect(commands.getCampaign(b.claims, { id: campaignId })).rejects.toMatchObject({
      status: 404,
    });
    await expect(commands.updateCampaign(b.claims, input)).rejects.toMatchObject({ status: 404 });
    await expect(
      commands.setCampaignStatus(b.claims, { id: campaignId, status: "active" }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(commands.deleteCampaign(b.claims, { id: campaignId })).rejects.toMatchObject({
      status: 404,
    });
    expect((await commands.listCampaigns(b.claims, {})).map((x) => x.id)).not.toContain(campaignId);
  });

  it("hides A's campaign from B in every route", async () => {
    const params = { id: campaignId };
    const list = await call(campaignRoutes.GET, "/api/campaigns", { cookie: b.cookie });
    expect(list.status).toBe(200);
    expect(list.body.campaigns.map((x: { id: string }) => x.id)).not.toContain(campaignId);
    expect(
      (await call(campaignRoute.GET, `/api/campaigns/${campaignId}`, { cookie: b.cookie, params }))
        .status,
    ).toBe(404);
    const patch = await call(campaignRoute.PATCH, `/api/campaigns/${campaignId}`, {
      method: "PATCH",
      cookie: b.cookie,
      params,
      body: campaignInput({ name: "Hijacked" }),
    });
    expect(patch.status).toBe(404);
    const status = await call(statusRoute.POST, `/api/campaigns/${campaignId}/status`, {
      cookie: b.cookie,
      params,
      body: { status: "archived" },
    });
    expect(status.status).toBe(404);
    const remove = await call(campaignRoute.DELETE, `/api/campaigns/${campaignId}`, {
      method: "DELETE",
      cookie: b.cookie,
      params,
    });
    expect(remove.status).toBe(404);
    const mine = await call(campaignRoute.GET, `/api/campaigns/${campaignId}`, {
      cookie: a.cookie,
      params,
    });
    expect(mine.body.campaign).toMatchObject({ name: "Kitchen remodel leads", status: "draft" });
  });

  it("answers 401 to every route without a session, or with a forged one", async () => {
    const params = { id: campaignId };
    const forged = `${a.cookie.slice(0, -4)}AAAA`;
    for (const cookie of [undefined, forged, "vx_session=not-a-jwt"]) {
      const results = [
        await call(campaignRoutes.GET, "/api/campaigns", { cookie }),
        await call(campaignRoutes.POST, "/api/campaigns", { cookie, body: campaignInput() }),
        await call(campaignRoute.GET, `/api/campaigns/${campaignId}`, { cookie, params }),
        await call(campaignRoute.PATCH, `/api/campaigns/${campaignId}`, {
          method: "PATCH",
          cookie,
          params,
          body: campaignInput(),
        }),
        await call(statusRoute.POST, `/api/campaigns/${campaignId}/status`, {
          cookie,
          params,
          body: { status: "active" },
        }),
        await call(campaignRoute.DELETE, `/api/campaigns/${campaignId}`, {
          method: "DELETE",
          cookie,
          params,
        }),
      ];
      for (const r of results) {
        expect(r.status).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
      }
    }
  });

  it("lets the owner delete a campaign, taking its calls along, and no one else's", async () => {
    const doomed = await createCampaignFor(a, { name: "Short-lived" });
    const c = await createConversation(db(), a, doomed.id);
    await createTurn(db(), c);
    await createLead(db(), c);
    const count = (id: string) =>
      withUser(
        a.claims,
        async (trx) =>
          Promise.all(
            (["conversations", "turns", "leads"] as const).map(async (t) =>
              Number(
                (
                  await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}
                    where ${sql.ref(t === "conversations" ? "id" : "conversation_id")} = ${id}`.execute(
                    trx,
                  )
                ).rows[0]!.n,
              ),
            ),
          ),
        db(),
      );
    expect(await count(c.id)).toEqual([1, 1, 1]);
    const res = await call(campaignRoute.DELETE, `/api/campaigns/${doomed.id}`, {
      method: "DELETE",
      cookie: a.cookie,
      params: { id: doomed.id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ deleted: { id: doomed.id } });
    expect(await count(c.id)).toEqual([0, 0, 0]);
    const again = await call(campaignRoute.DELETE, `/api/campaigns/${doomed.id}`, {
      method: "DELETE",
      cookie: a.cookie,
      params: { id: doomed.id },
    });
    expect(again.status).toBe(404);
    // A's other campaign is untouched.
    await expect(commands.getCampaign(a.claims, { id: campaignId })).resolves.toMatchObject({
      id: campaignId,
    });
  });
});
