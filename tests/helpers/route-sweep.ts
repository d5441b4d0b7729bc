// The route sweep's table (tests/integration/workspace-route-isolation.test.ts): one row per
// route and method under app/api, saying what an outsider from another workspace and a
// viewer of the workspace get, and the routes that need no row with the reason why.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import * as callEnd from "@/app/api/calls/[id]/end/route";
import * as callEvents from "@/app/api/calls/[id]/events/route";
import * as callSttToken from "@/app/api/calls/[id]/stt-token/route";
import * as calls from "@/app/api/calls/route";
import * as campaign from "@/app/api/campaigns/[id]/route";
import * as campaignStatus from "@/app/api/campaigns/[id]/status/route";
import * as campaigns from "@/app/api/campaigns/route";
import * as conversation from "@/app/api/conversations/[id]/route";
import * as leadsExport from "@/app/api/leads/export/route";
import * as liveSpeech from "@/app/api/live/calls/[id]/speech/route";
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
import { campaignInput, type TestUser } from "./factories";
import type { CallOptions, send } from "./http";
import { wavFile } from "./wav";

export type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
type Handler = Parameters<typeof send>[0];

/** The route modules under test, by their folder under app/api. */
export const MODULES: Record<string, Partial<Record<Method, Handler>>> = {
  calls,
  "calls/[id]/end": callEnd,
  "calls/[id]/events": callEvents,
  "calls/[id]/stt-token": callSttToken,
  campaigns,
  "campaigns/[id]": campaign,
  "campaigns/[id]/status": campaignStatus,
  "conversations/[id]": conversation,
  "leads/export": leadsExport,
  "live/calls/[id]/speech": liveSpeech,
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
export const EXEMPT: Record<string, string> = {
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

export interface Fixture {
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

export type Who = "outsider" | "viewer";

interface Request extends CallOptions {
  path: string;
}

export interface RouteCase {
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
/** A second of silence as a 16 kHz WAV, with the words the browser heard. */
function utterance() {
  const form = new FormData();
  const wav = wavFile({ data: new Uint8Array(32_000), sampleRate: 16_000 });
  form.set("audio", new Blob([new Uint8Array(wav)], { type: "audio/wav" }), "speech.wav");
  form.set("transcript", "Hello, this is the team.");
  return form;
}
const READ = "a read: viewers may read W";
const CALL_TOKEN = "a call token's route: no session";
const API_KEY = "an API key's route: read only";

export const ROUTES: RouteCase[] = [
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
    route: "live/calls/[id]/speech",
    method: "POST",
    label: "a held call's spoken words",
    request: (f, w) =>
      asUser(f, w, {
        path: `/api/live/calls/${f.conversationId}/speech`,
        params: { id: f.conversationId },
        body: utterance(),
      }),
    // The outsider's own workspace has no such call; a viewer may not take calls over.
    outsider: 404,
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
export async function apiRoutes() {
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
