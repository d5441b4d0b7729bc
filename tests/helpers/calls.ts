// Drives the call API the way the browser does: start, turns (text or WAV), end.

import type { Kysely } from "kysely";
import { NextRequest } from "next/server";
import * as endRoute from "@/app/api/calls/[id]/end/route";
import * as startRoute from "@/app/api/calls/route";
import * as conversationRoute from "@/app/api/conversations/[id]/route";
import * as turnRoute from "@/app/api/voice/turn/route";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import type { DB } from "@/lib/db/schema.gen";
import { settleBackground } from "@/lib/jobs/background";
import { createCampaignFor, createUser } from "./factories";
import { type CallOptions, call } from "./http";

export interface TurnResult {
  status: number;
  events: any[];
  error?: any;
  headers: Headers;
}

/** A new owner and a campaign of theirs that is active: open to callers. */
export async function createActiveCampaign(db: Kysely<DB>) {
  const owner = await createUser(db);
  const campaign = await createCampaignFor(owner);
  await setCampaignStatus(owner.claims, { id: campaign.id, status: "active" });
  return { owner, campaign };
}

/** POST /api/calls as sent, without waiting for its after-response work. */
export const postStart = (
  body: Record<string, unknown>,
  options: Pick<CallOptions, "cookie" | "headers"> = {},
) => call(startRoute.POST, "/api/calls", { body, ...options });

/** POST /api/calls/:id/end with the call token in the header (the End button) or in the body
 * (the beacon a closing tab sends), without waiting for the post-call job. */
export const postEnd = (id: string, options: { token?: string; body?: unknown }) =>
  call(endRoute.POST, `/api/calls/${id}/end`, {
    method: "POST",
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    params: { id },
    body: options.body ?? {},
  });

/** Starts a call, then lets its after-response work (a greeting cache fill) finish, so no
 * background synthesis races what the test does next (e.g. a fault armed in a stand-in). */
export async function startCall(
  slug: string,
  caller?: Record<string, string>,
  more: { recordingNotice?: boolean } = {},
) {
  const res = await postStart({ campaignSlug: slug, ...(caller ? { caller } : {}), ...more });
  await settleBackground();
  return res;
}

async function send(req: NextRequest): Promise<TurnResult> {
  const res = await turnRoute.POST(req, { params: Promise.resolve({}) });
  const text = await res.text();
  if (!res.ok)
    return { status: res.status, events: [], error: JSON.parse(text), headers: res.headers };
  return {
    status: res.status,
    events: text
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
    headers: res.headers,
  };
}

export function textTurn(token: string, text: string, headers: Record<string, string> = {}) {
  return send(
    new NextRequest("http://localhost:3000/api/voice/turn", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
      body: JSON.stringify({ text }),
    }),
  );
}

export function audioTurn(
  token: string,
  wav: Uint8Array,
  transcript?: string,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.set("audio", new Blob([new Uint8Array(wav)], { type: "audio/wav" }), "utterance.wav");
  if (transcript !== undefined) form.set("transcript", transcript);
  return send(
    new NextRequest("http://localhost:3000/api/voice/turn", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: form,
    }),
  );
}

/** Ends a call the way the End button does, then waits for its post-call analysis job. */
export async function endCall(conversationId: string, token: string) {
  const res = await postEnd(conversationId, { token });
  await settleBackground();
  return res;
}

/** What the owner's dashboard reads: the conversation, its turns and its lead. */
export async function ownerView(conversationId: string, cookie: string) {
  const res = await call(conversationRoute.GET, `/api/conversations/${conversationId}`, {
    cookie,
    params: { id: conversationId },
  });
  return res.body as { conversation: any; turns: any[]; lead: any };
}

/** The agent's reply: its reply pieces concatenated (holding phrases and apologies apart). */
export const agentText = (r: TurnResult) =>
  r.events
    .filter((e) => e.type === "agent_text" && e.kind === "reply")
    .map((e) => e.text)
    .join("");
/** Everything the agent said, apologies included. */
export const spokenText = (r: TurnResult) =>
  r.events
    .filter((e) => e.type === "agent_text" && e.kind !== "holding")
    .map((e) => e.text)
    .join(" ");
export const done = (r: TurnResult) => r.events.find((e) => e.type === "done");
export const audioBytes = (r: { events: any[] }) =>
  Buffer.concat(
    r.events.filter((e) => e.type === "audio").map((e) => Buffer.from(e.data, "base64")),
  );
