// Drives the call API the way the browser does: start, turns (text or WAV), end.

import { NextRequest } from "next/server";
import * as endRoute from "@/app/api/calls/[id]/end/route";
import * as startRoute from "@/app/api/calls/route";
import * as turnRoute from "@/app/api/voice/turn/route";
import { call } from "./http";

export interface TurnResult {
  status: number;
  events: any[];
  error?: any;
  headers: Headers;
}

export async function startCall(slug: string, caller?: Record<string, string>) {
  return call(startRoute.POST, "/api/calls", {
    body: { campaignSlug: slug, ...(caller ? { caller } : {}) },
  });
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

export function endCall(conversationId: string, token: string) {
  return call(endRoute.POST, `/api/calls/${conversationId}/end`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    params: { id: conversationId },
    body: {},
  });
}

export const agentText = (r: TurnResult) =>
  r.events
    .filter((e) => e.type === "agent_text")
    .map((e) => e.delta)
    .join("");
export const done = (r: TurnResult) => r.events.find((e) => e.type === "done");
export const audioBytes = (r: { events: any[] }) =>
  Buffer.concat(
    r.events.filter((e) => e.type === "audio").map((e) => Buffer.from(e.data, "base64")),
  );
