// Every API route against a shared workspace W, on both databases, driven by one table (a row
// is a route and method): W has an owner and a viewer; an outsider owns another workspace
// and sends W's ids, a forged vx_workspace=W cookie, their own API key and their own call
// token. The outsider gets the row's 4xx (or, where a route acts on "the current workspace",
// their own workspace's data) and never a byte of W's; the viewer's mutations are 403. After
// every request W's rows are exactly as before. A route file under app/api that is neither
// in the table nor exempt (with the reason) fails the first test, so a new route gets a row.
// Under the routes, every table and view with a workspace_id (found in the catalog, so a new
// one is included): W has a row in each table a client may read, and the outsider reads,
// updates and deletes none of them.

import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as callEnd from "@/app/api/calls/[id]/end/route";
import * as callEvents from "@/app/api/calls/[id]/events/route";
import * as callSttToken from "@/app/api/calls/[id]/stt-token/route";
import * as calls from "@/app/api/calls/route";
import * as campaign from "@/app/api/campaigns/[id]/route";
import * as campaignStatus from "@/app/api/campaigns/[id]/status/route";
import * as campaigns from "@/app/api/campaigns/route";
import * as conversation from "@/app/api/conversations/[id]/route";
import * as leadsExport from "@/app/api/leads/export/route";
import * as liveStream from "@/app/api/live/stream/route";
import * as livekitToken from "@/app/api/livekit/token/route";
import * as recording from "@/app/api/recordings/[id]/route";
import * as v1Campaigns from "@/app/api/v1/campaigns/route";
import * as v1Conversation from "@/app/api/v1/conversations/[id]/route";
import * as v1Conversations from "@/app/api/v1/conversations/route";
import * as v1Leads from "@/app/api/v1/leads/route";
import * as invitation from "@/app/api/workspaces/[id]/invitations/[invitationId]/route";
import * as invitations from "@/app/api/workspaces/[id]/invitations/route";
import * as member from "@/app/api/workspaces/[id]/members/[userId]/route";
import * as members from "@/app/api/workspaces/[id]/members/route";
import * as currentWorkspace from "@/app/api/workspaces/current/route";
import * as accept from "@/app/api/workspaces/invitations/accept/route";
import { createApiKey } from "@/lib/api-keys/keys";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { settleBackground } from "@/lib/jobs/background";
import { saveNotificationSettings } from "@/lib/notifications/settings";
import { recordingPath, recordingStore } from "@/lib/recordings/storage";
import { signCallToken } from "@/lib/voice/call-token";
import { createInvitation } from "@/lib/workspaces/invitations";
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
import { type CallOptions, send } from "../helpers/http";
import { wavFile } from "../helpers/wav";
import { addMember, createTeamWorkspace } from "../helpers/workspaces";
import { type LiveKitStandIn, startLiveKitStandIn } from "../stand-ins/livekit";

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
type Handler = Parameters<typeof send>[0];

/** The route modules under test, by their folder under app/api. */
const MODULES: Record<string, Partial<Record<Method, Handler>>> = {
  calls,
  "calls/[id]/end": callEnd,
  "calls/[id]/events": callEvents,
  "calls/[id]/stt-token": callSttToken,
  campaigns,
  "campaigns/[id]": campaign,
  "campaigns/[id]/status": campaignStatus,
  "conversations/[id]": conversation,
  "leads/export": leadsExport,
  "live/stream": liveStream,
  "livekit/token": livekitToken,
  "recordings/[id]": recording,
  "v1/campaigns": v1Campaigns,
  "v1/conversations": v1Conversations,
  "v1/conversations/[id]": v1Conversation,
  "v1/leads": v1Leads,
  "workspaces/[id]/members": members,
  "workspaces/[id]/members/[userId]": member,
  "workspaces/[id]/invitations": invitations,
  "workspaces/[id]/invitations/[invitationId]": invitation,
  "workspaces/current": currentWorkspace,
  "workspaces/invitations/accept": accept,
};

/** Routes that hold no workspace's data, or answer only a vendor's or operator's signature. */
const EXEMPT: Record<string, string> = {
  "[...path]": "a JSON 404 for unknown paths",
  "auth/session": "the user's own identity",
  "auth/sign-in": "no workspace data",
  "auth/sign-out": "no workspace data",
  "auth/sign-up": "no workspace data",
  health: "component status only",
  "health/ai-services": "component status only",
  "health/database": "component status only",
  "health/voice": "component status only",
  "jobs/drain": "Bearer CRON_SECRET only (tests/integration/post-call-jobs.test.ts)",
  "livekit/webhook": "LiveKit's signature only (tests/integration/livekit.test.ts)",
  "telephony/audio/[token]": "a signed, expiring audio token (telephony.test.ts)",
  "telephony/menu": "Twilio's signature only (telephony-webhooks.test.ts)",
  "telephony/recording": "Twilio's signature only (telephony-webhooks.test.ts)",
  "telephony/status": "Twilio's signature only (telephony-webhooks.test.ts)",
  "telephony/turn": "Twilio's signature only (telephony-webhooks.test.ts)",
  "telephony/voice": "Twilio's signature only (telephony-webhooks.test.ts)",
  "v1/openapi.json": "the public API's document, no data",
  // The call token names its own call; there is no id to point at another (caller-role.test.ts).
  "voice/turn": "acts on the call token's own call only",
  "voice/turn/interrupt": "acts on the call token's own call only",
};

interface Fixture {
  ws: string;
  owner: TestUser;
  viewer: TestUser;
  outsider: TestUser;
  campaignId: string;
  slug: string;
  conversationId: string;
  recordingId: string;
  invitationId: string;
  invitationToken: string;
  /** The outsider's own workspace's call (live, with a call token). */
  ownConversationId: string;
  ownCampaignId: string;
  ownCallToken: string;
  ownApiKey: string;
  /** W's own API key (the owner's), for the owner's side of the v1 rows. */
  wApiKey: string;
}

type Who = "outsider" | "viewer";

interface Request extends CallOptions {
  path: string;
}

interface RouteCase {
  route: string;
  method: Method;
  /** Tells rows of one route and method apart. */
  label?: string;
  request: (f: Fixture, who: Who) => Request;
  /** What the outsider gets. */
  outsider: number;
  /** What a viewer of W gets for a mutation (403), or why the row has no viewer case. */
  viewer: 403 | string;
  /** More checks on the outsider's answer (e.g. their own data is there, so "none of W's" means something). */
  check?: (text: string, f: Fixture) => void;
}

const ORIGIN = { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" };
/** The session cookie, with vx_workspace naming W (forged, for the outsider). */
const session = (f: Fixture, who: Who) => `${f[who].cookie}; vx_workspace=${f.ws}`;
const asUser = (f: Fixture, who: Who, r: Omit<Request, "cookie" | "headers">): Request => ({
  ...r,
  cookie: session(f, who),
  headers: ORIGIN,
});
const withKey = (f: Fixture, path: string, params?: Record<string, string>): Request => ({
  path,
  params,
  headers: { authorization: `Bearer ${f.ownApiKey}` },
});
const withCallToken = (f: Fixture, path: string, body?: unknown): Request => ({
  path,
  params: { id: f.conversationId },
  body,
  headers: { authorization: `Bearer ${f.ownCallToken}` },
});
const campaignBody = { name: "Taken over", description: "" };
const READ = "a read: viewers may read W";
const CALL_TOKEN = "a call token's route: no session";
const API_KEY = "an API key's route: read only";

const ROUTES: RouteCase[] = [
  {
    route: "campaigns",
    method: "GET",
    request: (f, w) => asUser(f, w, { path: "/api/campaigns" }),
    outsider: 200,
    viewer: READ,
    check: (text, f) => expect(text).toContain(f.ownCampaignId),
  },
  {
    route: "campaigns",
    method: "POST",
    request: (f, w) => asUser(f, w, { path: "/api/campaigns", body: campaignInput(campaignBody) }),
    // Created in the outsider's own workspace: the cookie's W is not theirs.
    outsider: 201,
    viewer: 403,
    check: (text, f) => expect(JSON.parse(text).campaign.workspaceId).toBe(f.outsider.id),
  },
  {
    route: "campaigns/[id]",
    method: "GET",
    request: (f, w) => asUser(f, w, { path: `/api/campaigns/${f.campaignId}`, params: id(f) }),
    outsider: 404,
    viewer: READ,
  },
  {
    route: "campaigns/[id]",
    method: "PATCH",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/campaigns/${f.campaignId}`,
        method: "PATCH",
        params: id(f),
        body: campaignInput(campaignBody),
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "campaigns/[id]",
    method: "DELETE",
    request: (f, w) =>
      asUser(f, w, { path: `/api/campaigns/${f.campaignId}`, method: "DELETE", params: id(f) }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "campaigns/[id]/status",
    method: "POST",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/campaigns/${f.campaignId}/status`,
        params: id(f),
        body: { status: "archived" },
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "calls",
    method: "POST",
    label: "a preview (a test call) of W's campaign",
    request: (f, w) =>
      asUser(f, w, { path: "/api/calls", body: { campaignSlug: f.slug, preview: true } }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "calls/[id]/end",
    method: "POST",
    label: "with the outsider's own call token",
    request: (f) => withCallToken(f, `/api/calls/${f.conversationId}/end`, {}),
    outsider: 401,
    viewer: CALL_TOKEN,
  },
  {
    route: "calls/[id]/events",
    method: "GET",
    label: "with the outsider's own call token",
    request: (f) => withCallToken(f, `/api/calls/${f.conversationId}/events`),
    outsider: 401,
    viewer: CALL_TOKEN,
  },
  {
    route: "calls/[id]/stt-token",
    method: "POST",
    label: "with the outsider's own call token",
    request: (f) => ({
      ...withCallToken(f, `/api/calls/${f.conversationId}/stt-token`),
      method: "POST",
    }),
    outsider: 401,
    viewer: CALL_TOKEN,
  },
  {
    route: "conversations/[id]",
    method: "GET",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/conversations/${f.conversationId}`,
        params: { id: f.conversationId },
      }),
    outsider: 404,
    viewer: READ,
  },
  {
    route: "leads/export",
    method: "GET",
    request: (f, w) => asUser(f, w, { path: "/api/leads/export" }),
    outsider: 200,
    viewer: READ,
  },
  {
    route: "leads/export",
    method: "GET",
    label: "filtered to W's campaign",
    request: (f, w) => asUser(f, w, { path: `/api/leads/export?campaign=${f.campaignId}` }),
    outsider: 200,
    viewer: READ,
    check: (text) => expect(text.trim().split("\n")).toHaveLength(1), // the header only
  },
  {
    route: "live/stream",
    method: "GET",
    request: (f, w) => asUser(f, w, { path: "/api/live/stream" }),
    outsider: 200,
    viewer: READ,
    // The outsider's own live call is in the snapshot: the feed works, it just is not W's.
    check: (text, f) => expect(text).toContain(f.ownConversationId),
  },
  {
    route: "livekit/token",
    method: "POST",
    label: "to listen",
    request: (f, w) =>
      asUser(f, w, {
        path: "/api/livekit/token",
        body: { conversationId: f.conversationId, mode: "listen" },
      }),
    outsider: 403,
    viewer: 403,
  },
  {
    route: "livekit/token",
    method: "POST",
    label: "to take over",
    request: (f, w) =>
      asUser(f, w, {
        path: "/api/livekit/token",
        body: { conversationId: f.conversationId, mode: "takeover" },
      }),
    outsider: 403,
    viewer: 403,
  },
  {
    route: "recordings/[id]",
    method: "GET",
    request: (f, w) =>
      asUser(f, w, { path: `/api/recordings/${f.recordingId}`, params: { id: f.recordingId } }),
    outsider: 404,
    viewer: READ,
  },
  {
    route: "v1/campaigns",
    method: "GET",
    request: (f) => withKey(f, "/api/v1/campaigns"),
    outsider: 200,
    viewer: API_KEY,
    check: (text, f) => expect(text).toContain(f.ownCampaignId),
  },
  {
    route: "v1/conversations",
    method: "GET",
    request: (f) => withKey(f, `/api/v1/conversations?campaign=${f.campaignId}`),
    outsider: 200,
    viewer: API_KEY,
    check: (text) => expect(JSON.parse(text).data).toEqual([]),
  },
  {
    route: "v1/conversations/[id]",
    method: "GET",
    request: (f) =>
      withKey(f, `/api/v1/conversations/${f.conversationId}`, { id: f.conversationId }),
    outsider: 404,
    viewer: API_KEY,
  },
  {
    route: "v1/leads",
    method: "GET",
    request: (f) => withKey(f, `/api/v1/leads?campaign=${f.campaignId}`),
    outsider: 200,
    viewer: API_KEY,
    check: (text) => expect(JSON.parse(text).data).toEqual([]),
  },
  {
    route: "workspaces/[id]/members",
    method: "GET",
    request: (f, w) =>
      asUser(f, w, { path: `/api/workspaces/${f.ws}/members`, params: { id: f.ws } }),
    outsider: 404,
    viewer: READ,
  },
  {
    route: "workspaces/[id]/members/[userId]",
    method: "PATCH",
    label: "making the viewer an owner",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/workspaces/${f.ws}/members/${f.viewer.id}`,
        method: "PATCH",
        params: { id: f.ws, userId: f.viewer.id },
        body: { role: "owner" },
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "workspaces/[id]/members/[userId]",
    method: "PATCH",
    label: "demoting the owner",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/workspaces/${f.ws}/members/${f.owner.id}`,
        method: "PATCH",
        params: { id: f.ws, userId: f.owner.id },
        body: { role: "viewer" },
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "workspaces/[id]/members/[userId]",
    method: "DELETE",
    label: "removing the owner",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/workspaces/${f.ws}/members/${f.owner.id}`,
        method: "DELETE",
        params: { id: f.ws, userId: f.owner.id },
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "workspaces/[id]/invitations",
    method: "GET",
    request: (f, w) =>
      asUser(f, w, { path: `/api/workspaces/${f.ws}/invitations`, params: { id: f.ws } }),
    outsider: 404,
    viewer: READ,
  },
  {
    route: "workspaces/[id]/invitations",
    method: "POST",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/workspaces/${f.ws}/invitations`,
        params: { id: f.ws },
        body: { email: "accomplice@example.com", role: "admin" },
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "workspaces/[id]/invitations/[invitationId]",
    method: "DELETE",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/workspaces/${f.ws}/invitations/${f.invitationId}`,
        method: "DELETE",
        params: { id: f.ws, invitationId: f.invitationId },
      }),
    outsider: 404,
    viewer: 403,
  },
  {
    route: "workspaces/current",
    method: "POST",
    request: (f, w) =>
      asUser(f, w, { path: "/api/workspaces/current", body: { workspaceId: f.ws } }),
    outsider: 404,
    viewer: "switching to W is a viewer's right, not a change to W",
  },
  {
    route: "workspaces/invitations/accept",
    method: "POST",
    label: "W's invitation to someone else",
    request: (f, w) =>
      asUser(f, w, {
        path: "/api/workspaces/invitations/accept",
        body: { token: f.invitationToken },
      }),
    outsider: 403,
    viewer: 403,
  },
];

const id = (f: Fixture) => ({ id: f.campaignId });

/** Route folders under app/api with the methods their route.ts exports. */
async function apiRoutes() {
  const root = path.resolve("app/api");
  const files = (await readdir(root, { recursive: true })).filter(
    (p) => path.basename(p) === "route.ts",
  );
  const found: string[] = [];
  for (const file of files) {
    const text = await readFile(path.join(root, file), "utf8");
    const folder = path.dirname(file).split(path.sep).join("/");
    const methods = new Set(
      [
        ...text.matchAll(
          /export const (GET|POST|PATCH|PUT|DELETE)\b|as (GET|POST|PATCH|PUT|DELETE)\b/g,
        ),
      ].map((m) => m[1] ?? m[2]),
    );
    for (const m of methods) found.push(`${m} ${folder}`);
  }
  return found.sort();
}

it("has a row for every route and method under app/api, or says why it needs none", async () => {
  const covered = new Set(ROUTES.map((r) => `${r.method} ${r.route}`));
  const missing = (await apiRoutes()).filter(
    (r) => !covered.has(r) && !(r.slice(r.indexOf(" ") + 1) in EXEMPT),
  );
  expect(missing).toEqual([]);
  for (const r of ROUTES)
    expect(MODULES[r.route]?.[r.method], `${r.method} ${r.route}`).toBeTypeOf("function");
});

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
        webhookUrl: "https://hooks.example.com/w",
        slackEnabled: false,
        emailEnabled: true,
      },
    });
    await fillServerTables(conv, c.id, owner.id);
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
            destination: "https://hooks.example.com/w",
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
