// The public API on both databases, through the real route handlers: a key created in the
// settings' command reads its own workspace only (never another's), pages with a keyset
// cursor (ties on started_at included), filters, returns typed values, stops working when
// revoked or when its creator leaves, is rate limited per key (429 + Retry-After, whatever
// X-Forwarded-For says), and only admins and owners can create one (Postgres refuses others).
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, expect, it } from "vitest";
import * as campaignsRoute from "@/app/api/v1/campaigns/route";
import * as conversationRoute from "@/app/api/v1/conversations/[id]/route";
import * as conversationsRoute from "@/app/api/v1/conversations/route";
import * as leadsRoute from "@/app/api/v1/leads/route";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys/keys";
import { apiKeyPrefix, hashApiKey, newApiKeySecret } from "@/lib/api-keys/secret";
import {
  campaignPage,
  conversationDetailSchema,
  conversationPage,
  leadPage,
} from "@/lib/api-v1/schemas";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { RATE_LIMITS, setLimiter } from "@/lib/ratelimit";
import { inProcessLimiter } from "@/lib/ratelimit/memory";
import { describeEachDatabase } from "../helpers/db";
import { createCampaignFor, createUser, type TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";

const DAY = 24 * 60 * 60 * 1000;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describeEachDatabase("public API v1", ({ db }) => {
  let owner: TestUser;
  let admin: TestUser;
  let viewer: TestUser;
  let other: TestUser;
  let wsA: string;
  let wsB: string;
  let campaignA: string;
  let campaignA2: string;
  let campaignB: string;
  /** Workspace A's conversations, newest first by (started_at, id). */
  let convsA: { id: string; started_at: Date }[] = [];
  let convB: string;
  let secret: string;

  async function conversation(
    ws: string,
    campaignId: string,
    startedAt: Date,
    extra: { channel?: string; status?: string } = {},
  ) {
    return withServiceRole(
      "tests create calls",
      async (trx) => {
        const c = await trx
          .insertInto("conversations")
          .values({
            workspace_id: ws,
            campaign_id: campaignId,
            started_at: startedAt,
            status: extra.status ?? "ended",
            channel: extra.channel ?? "web",
            total_cost_usd: "0.012345",
            llm_cost_usd: "0.01",
          })
          .returning(["id", "started_at", "workspace_id", "campaign_id"])
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("turns")
          .values(
            [0, 1].map((seq) => ({
              workspace_id: ws,
              conversation_id: c.id,
              conversation_started_at: c.started_at,
              seq,
              role: seq ? "agent" : "caller",
              text: seq ? "When would you like to start?" : "I need a new kitchen",
              cost_usd: "0.0015",
              stt_ms: 120,
            })),
          )
          .execute();
        await trx
          .insertInto("leads")
          .values({
            workspace_id: ws,
            campaign_id: campaignId,
            conversation_id: c.id,
            conversation_started_at: c.started_at,
            name: "Ann",
            qualification_score: "72.50",
            urgency_level: "high",
            fields: JSON.stringify({ budget: "40k" }),
          })
          .execute();
        return c;
      },
      db(),
    );
  }

  beforeAll(async () => {
    owner = await createUser(db());
    admin = await createUser(db());
    viewer = await createUser(db());
    other = await createUser(db());
    wsA = await createTeamWorkspace(db(), owner, "A team");
    await addMember(db(), wsA, admin, "admin");
    await addMember(db(), wsA, viewer, "viewer");
    wsB = other.id; // B: the other user's personal workspace
    campaignA = (await createCampaignFor(owner, { name: "Kitchens" }, wsA)).id;
    campaignA2 = (await createCampaignFor(owner, { name: "Bathrooms" }, wsA)).id;
    campaignB = (await createCampaignFor(other, { name: "Not yours" }, wsB)).id;
    const now = Date.now();
    // Two calls share a started_at (down to the microsecond): the cursor must order by id too.
    const tie = new Date(now - 2 * DAY);
    const made = [
      await conversation(wsA, campaignA, new Date(now - 1 * DAY)),
      await conversation(wsA, campaignA, tie),
      await conversation(wsA, campaignA2, tie, { channel: "phone" }),
      await conversation(wsA, campaignA, new Date(now - 3 * DAY), { status: "failed" }),
      await conversation(wsA, campaignA, new Date(now - 40 * DAY)),
    ];
    convsA = made.sort(
      (a, b) => b.started_at.getTime() - a.started_at.getTime() || (a.id < b.id ? 1 : -1),
    );
    convB = (await conversation(wsB, campaignB, new Date(now - 1 * DAY))).id;
    const created = await createApiKey(
      { claims: admin.claims, workspaceId: wsA },
      { name: "CRM sync" },
    );
    secret = created.secret;
    expect(secret).toMatch(/^vx_[A-Za-z0-9_-]{43}$/);
    expect(created.key.prefix).toBe(secret.slice(0, 11));
  });

  const get = (handler: typeof campaignsRoute.GET, path: string, headers = bearer(secret)) =>
    call(handler, path, { headers });

  it("reads the key's workspace and nothing else, with typed values", async () => {
    const campaigns = await get(campaignsRoute.GET, "/api/v1/campaigns");
    expect(campaigns.status).toBe(200);
    expect(campaigns.body.data.map((c: { id: string }) => c.id).sort()).toEqual(
      [campaignA, campaignA2].sort(),
    );
    expect(campaigns.body.next_cursor).toBeNull();
    // Every answer is exactly what the OpenAPI document (generated from these schemas) says.
    campaignPage.parse(campaigns.body);

    const list = await get(conversationsRoute.GET, "/api/v1/conversations?limit=100");
    expect(list.status).toBe(200);
    conversationPage.parse(list.body);
    const ids = list.body.data.map((c: { id: string }) => c.id);
    expect(ids).toEqual(convsA.map((c) => c.id));
    expect(ids).not.toContain(convB);
    expect(list.body.data[0]).toMatchObject({
      campaign_id: campaignA,
      status: "ended",
      channel: "web",
      cost_usd: { total: 0.012345, llm: 0.01, stt: 0, tts: 0 },
      started_at: convsA[0]!.started_at.toISOString(),
    });

    const detail = await call(conversationRoute.GET, `/api/v1/conversations/${convsA[0]!.id}`, {
      headers: bearer(secret),
      params: { id: convsA[0]!.id },
    });
    expect(detail.status).toBe(200);
    conversationDetailSchema.parse(detail.body);
    expect(detail.body.turns).toHaveLength(2);
    expect(detail.body.turns[0]).toMatchObject({
      seq: 0,
      role: "caller",
      cost_usd: 0.0015,
      latency_ms: { stt: 120 },
    });
    const theirs = await call(conversationRoute.GET, `/api/v1/conversations/${convB}`, {
      headers: bearer(secret),
      params: { id: convB },
    });
    expect(theirs.status).toBe(404);

    const leads = await get(leadsRoute.GET, "/api/v1/leads?limit=100");
    expect(leads.status).toBe(200);
    leadPage.parse(leads.body);
    expect(leads.body.data).toHaveLength(convsA.length);
    expect(leads.body.data[0]).toMatchObject({
      qualification_score: 72.5,
      urgency: "high",
      fields: { budget: "40k" },
    });
    expect(leads.body.data.every((l: { campaign_id: string }) => l.campaign_id !== campaignB)).toBe(
      true,
    );
  });

  it("pages with the cursor: every row once, in (started_at, id) order", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await get(conversationsRoute.GET, `/api/v1/conversations?limit=2${q}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(convsA.map((c) => c.id));
    expect(pages).toBe(3);

    const leadIds: string[] = [];
    cursor = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const res = await get(leadsRoute.GET, `/api/v1/leads?limit=1${q}`);
      leadIds.push(...res.body.data.map((l: { id: string }) => l.id));
      cursor = res.body.next_cursor;
    } while (cursor && leadIds.length < 10);
    expect(new Set(leadIds).size).toBe(convsA.length);
  });

  it("filters by campaign, status, channel and date range", async () => {
    const ids = async (query: string, handler = conversationsRoute.GET) => {
      const res = await get(handler, `/api/v1/conversations?${query}`);
      expect(res.status).toBe(200);
      return res.body.data.map((c: { id: string }) => c.id);
    };
    const byTime = (from: number, to: number) =>
      convsA.filter((c) => c.started_at.getTime() >= from && c.started_at.getTime() < to);
    expect(await ids(`campaign=${campaignA2}`)).toHaveLength(1);
    expect(await ids("channel=phone")).toHaveLength(1);
    expect(await ids("status=failed")).toHaveLength(1);
    // The default window is the last 90 days; an explicit range reaches what it names.
    const from = new Date(Date.now() - 30 * DAY).toISOString();
    expect(await ids(`from=${from}`)).toEqual(
      byTime(Date.now() - 30 * DAY, Date.now() + DAY).map((c) => c.id),
    );
    const to = convsA[0]!.started_at.toISOString();
    expect(await ids(`to=${to}`)).toEqual(convsA.slice(1).map((c) => c.id));
    const leads = await get(leadsRoute.GET, `/api/v1/leads?campaign=${campaignA2}`);
    expect(leads.body.data).toHaveLength(1);
    const count = async (q: string) =>
      (await get(leadsRoute.GET, `/api/v1/leads?limit=100&${q}`)).body.data.length;
    expect(await count("min_score=72.5")).toBe(convsA.length);
    expect(await count("min_score=80")).toBe(0);
    expect(await count("urgency=low")).toBe(0);
    const yearAgo = new Date(Date.now() - 360 * DAY).toISOString().slice(0, 10);
    expect(await count(`status=new&urgency=high&from=${yearAgo}`)).toBe(convsA.length);
  });

  it("refuses bad queries and cursors with 400", async () => {
    for (const q of [
      "limit=0",
      "limit=101",
      "status=paused",
      "nope=1",
      "cursor=abc",
      "from=yesterday",
    ]) {
      const res = await get(conversationsRoute.GET, `/api/v1/conversations?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe("invalid_input");
    }
  });

  it("answers 401 JSON to a missing, malformed or unknown key", async () => {
    for (const headers of [
      {},
      { authorization: "" },
      { authorization: secret },
      { authorization: `Basic ${secret}` },
      { authorization: `Bearer ${secret}x` },
      bearer(newApiKeySecret()),
    ]) {
      const res = await call(campaignsRoute.GET, "/api/v1/campaigns", { headers });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
  });

  it("lists keys to members without the hash, and stamps last use", async () => {
    const keys = await listApiKeys({ claims: viewer.claims, workspaceId: wsA });
    const key = keys.find((k) => k.name === "CRM sync");
    expect(key).toMatchObject({
      prefix: secret.slice(0, 11),
      createdBy: admin.id,
      createdByEmail: admin.email,
      revokedAt: null,
    });
    expect(key?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(keys)).not.toContain(hashApiKey(secret));
    // Not even a hand-written query: the column is not granted to signed-in users.
    await expect(
      withUser(viewer.claims, (trx) => sql`select hash from public.api_keys`.execute(trx), db()),
    ).rejects.toThrow(/permission denied/);
    // Other workspaces' members see none of them.
    expect(await listApiKeys({ claims: other.claims, workspaceId: wsA })).toEqual([]);
  });

  it("lets only admins and owners create or revoke keys; Postgres refuses the rest", async () => {
    await expect(
      createApiKey({ claims: viewer.claims, workspaceId: wsA }, { name: "Mine" }),
    ).rejects.toMatchObject({ status: 403 });
    const s = newApiKeySecret();
    await expect(
      withUser(
        viewer.claims,
        (trx) =>
          trx
            .insertInto("api_keys")
            .values({
              workspace_id: wsA,
              created_by: viewer.id,
              name: "Sneaky",
              prefix: apiKeyPrefix(s),
              hash: hashApiKey(s),
            })
            .execute(),
        db(),
      ),
    ).rejects.toThrow(/row-level security/);
    // A non-member cannot place a key in someone else's workspace either.
    await expect(
      createApiKey({ claims: other.claims, workspaceId: wsA }, { name: "Theirs" }),
    ).rejects.toMatchObject({ status: 403 });
    const { key } = await createApiKey({ claims: owner.claims, workspaceId: wsA }, { name: "x" });
    await expect(
      revokeApiKey({ claims: viewer.claims, workspaceId: wsA }, { keyId: key.id }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("isolates workspaces: B's key never sees A's rows", async () => {
    const b = await createApiKey({ claims: other.claims, workspaceId: wsB }, { name: "B" });
    const list = await get(conversationsRoute.GET, "/api/v1/conversations", bearer(b.secret));
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([convB]);
    const leads = await get(leadsRoute.GET, "/api/v1/leads", bearer(b.secret));
    expect(leads.body.data.map((l: { campaign_id: string }) => l.campaign_id)).toEqual([campaignB]);
    const detail = await call(conversationRoute.GET, `/api/v1/conversations/${convsA[0]!.id}`, {
      headers: bearer(b.secret),
      params: { id: convsA[0]!.id },
    });
    expect(detail.status).toBe(404);
  });

  it("stops a key at once when revoked, and when its creator leaves the workspace", async () => {
    const k = await createApiKey({ claims: owner.claims, workspaceId: wsA }, { name: "Temp" });
    expect((await get(campaignsRoute.GET, "/api/v1/campaigns", bearer(k.secret))).status).toBe(200);
    await revokeApiKey({ claims: admin.claims, workspaceId: wsA }, { keyId: k.key.id });
    const res = await get(campaignsRoute.GET, "/api/v1/campaigns", bearer(k.secret));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    // Revoking is final: not even an owner can clear revoked_at.
    await expect(
      withUser(
        owner.claims,
        (trx) =>
          trx
            .updateTable("api_keys")
            .set({ revoked_at: null })
            .where("id", "=", k.key.id)
            .execute(),
        db(),
      ),
    ).rejects.toThrow(/row-level security/);

    const leaver = await createUser(db());
    await addMember(db(), wsA, leaver, "admin");
    const lk = await createApiKey({ claims: leaver.claims, workspaceId: wsA }, { name: "Gone" });
    expect((await get(campaignsRoute.GET, "/api/v1/campaigns", bearer(lk.secret))).status).toBe(
      200,
    );
    await withServiceRole(
      "tests: a member leaves",
      (trx) =>
        trx
          .deleteFrom("workspace_members")
          .where("workspace_id", "=", wsA)
          .where("user_id", "=", leaver.id)
          .execute(),
      db(),
    );
    expect((await get(campaignsRoute.GET, "/api/v1/campaigns", bearer(lk.secret))).status).toBe(
      401,
    );
  });

  it("rate limits per key with 429 and Retry-After, whatever X-Forwarded-For says", async () => {
    setLimiter(inProcessLimiter());
    const k = await createApiKey({ claims: owner.claims, workspaceId: wsA }, { name: "Busy" });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i <= RATE_LIMITS.apiKey.tokens; i++) {
      // A new forwarded address (and socket address) on every request changes nothing.
      const res = await call(campaignsRoute.GET, "/api/v1/campaigns?limit=1", {
        headers: { ...bearer(k.secret), "x-forwarded-for": `198.51.100.${i % 250}` },
      });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, RATE_LIMITS.apiKey.tokens)).not.toContain(429);
    expect(limited?.body.error.code).toBe("rate_limited");
    const retryAfter = Number(limited?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(RATE_LIMITS.apiKey.windowSeconds);
    // Another key is counted on its own.
    expect((await get(campaignsRoute.GET, "/api/v1/campaigns?limit=1")).status).toBe(200);
    setLimiter();
  });

  it("limits each client address before any key is looked up, so made-up keys cost nothing", async () => {
    setLimiter(inProcessLimiter());
    const made = () => `vx_${randomBytes(32).toString("base64url")}`;
    let first429 = -1;
    for (let i = 0; i <= RATE_LIMITS.apiClient.tokens && first429 < 0; i++) {
      const res = await call(campaignsRoute.GET, "/api/v1/campaigns", {
        headers: bearer(made()),
        clientAddress: "203.0.113.9",
      });
      if (res.status === 429) first429 = i;
      else expect(res.status).toBe(401);
    }
    expect(first429).toBe(RATE_LIMITS.apiClient.tokens);
    setLimiter();
  });
});
