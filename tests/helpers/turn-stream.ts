// Sends a turn to the real route and reads its NDJSON as it streams, stamping each event with
// when it arrived, so tests can check the time from a fault to `done`, and checks the audio.
import { NextRequest } from "next/server";
import { expect } from "vitest";
import * as turnRoute from "@/app/api/voice/turn/route";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import { randomTestIp } from "./http";

export interface TimedTurn {
  status: number;
  headers: Headers;
  error?: { error: { code: string; message: string } };
  events: any[];
  /** performance.now() when the request was sent. */
  startedAt: number;
  /** ms after the request was sent, per event. */
  at: number[];
  doneAt: number;
}

export type TurnBody = { json: unknown } | { audio: Uint8Array; transcript?: string };

function request(token: string, body: TurnBody, headers: Record<string, string>) {
  const h: Record<string, string> = {
    authorization: `Bearer ${token}`,
    // Each turn looks like its own client (the socket address our server stamps), so the
    // per-client rate limit only bites where tested.
    [SOCKET_ADDRESS_HEADER]: randomTestIp(),
    ...headers,
  };
  if ("json" in body) {
    h["content-type"] = "application/json";
    return new NextRequest("http://localhost:3000/api/voice/turn", {
      method: "POST",
      headers: h,
      body: JSON.stringify(body.json),
    });
  }
  const form = new FormData();
  form.set("audio", new Blob([new Uint8Array(body.audio)], { type: "audio/wav" }), "u.wav");
  if (body.transcript !== undefined) form.set("transcript", body.transcript);
  return new NextRequest("http://localhost:3000/api/voice/turn", {
    method: "POST",
    headers: h,
    body: form,
  });
}

export async function timedTurn(
  token: string,
  body: TurnBody,
  headers: Record<string, string> = {},
  onEvent?: (event: any) => void,
): Promise<TimedTurn> {
  const t0 = performance.now();
  const res = await turnRoute.POST(request(token, body, headers), { params: Promise.resolve({}) });
  const out: TimedTurn = {
    status: res.status,
    headers: res.headers,
    startedAt: t0,
    events: [],
    at: [],
    doneAt: -1,
  };
  if (!res.ok) {
    out.error = JSON.parse(await res.text());
    return out;
  }
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let nl = buffered.indexOf("\n");
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (line.trim()) {
        out.events.push(JSON.parse(line));
        onEvent?.(out.events.at(-1));
        out.at.push(performance.now() - t0);
      }
      nl = buffered.indexOf("\n");
    }
  }
  const i = out.events.findIndex((e) => e.type === "done");
  out.doneAt = i >= 0 ? out.at[i]! : -1;
  return out;
}

/** The event types in order, with runs of audio frames collapsed to one "audio". */
export function shape(t: { events: any[] }): string[] {
  const out: string[] = [];
  for (const e of t.events) {
    const name = e.type === "agent_text" ? `text:${e.kind}` : e.type;
    if (name === "audio" && out.at(-1) === "audio") continue;
    out.push(name);
  }
  return out;
}

/** Every frame holds whole 16-bit samples, and frames of a piece follow on without gaps. */
export function expectWholeSamples(t: { events: any[] }) {
  const next = new Map<number, number>();
  for (const e of t.events.filter((x) => x.type === "audio")) {
    const bytes = Buffer.from(e.data, "base64");
    expect(e.format).toBe("pcm_s16le");
    expect(bytes.length % 2).toBe(0);
    expect(e.sampleOffset).toBe(next.get(e.pieceId) ?? 0);
    next.set(e.pieceId, e.sampleOffset + bytes.length / 2);
  }
}

export const replyText = (t: { events: any[] }) =>
  t.events
    .filter((e) => e.type === "agent_text" && e.kind === "reply")
    .map((e) => e.text)
    .join("");

export const audioOf = (t: { events: any[] }, kind?: string) => {
  const pieces = new Set(
    t.events
      .filter((e) => e.type === "agent_text" && (!kind || e.kind === kind))
      .map((e) => e.pieceId),
  );
  return Buffer.concat(
    t.events
      .filter((e) => e.type === "audio" && pieces.has(e.pieceId))
      .map((e) => Buffer.from(e.data, "base64")),
  );
};
