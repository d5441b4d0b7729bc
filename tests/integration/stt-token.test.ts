// POST /api/calls/:id/stt-token: a short-lived Deepgram token for one active call, granted by
// the real SDK against the Deepgram stand-in, whose live socket then accepts it. Refused for
// another call, without a call token, for an ended call, and when STT is not Deepgram.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as tokenRoute from "@/app/api/calls/[id]/stt-token/route";
import * as turnRoute from "@/app/api/voice/turn/route";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { type Database, setDatabase } from "@/lib/db/client";
import { RATE_LIMITS, setLimiter } from "@/lib/ratelimit";
import { inProcessLimiter } from "@/lib/ratelimit/memory";
import { done, endCall, ownerView, startCall } from "../helpers/calls";
import { openTestDatabase } from "../helpers/db";
import { createCampaignFor, createUser, type TestUser } from "../helpers/factories";
import { call } from "../helpers/http";
import { resetToEmbedded, useProviders } from "../helpers/providers";
import { startDeepgramStandIn } from "../stand-ins/deepgram";
import { startOpenAiStandIn } from "../stand-ins/openai";

describe("POST /api/calls/:id/stt-token", () => {
  let database: Database;
  let deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  let openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
  let owner: TestUser;
  let slug: string;

  const grant = (id: string, token?: string) =>
    call(tokenRoute.POST, `/api/calls/${id}/stt-token`, {
      method: "POST",
      params: { id },
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  beforeAll(async () => {
    database = await openTestDatabase("pglite");
    setDatabase(database);
    [deepgram, openai] = await Promise.all([startDeepgramStandIn(), startOpenAiStandIn()]);
    useProviders({ stt: "deepgram", llm: "scripted", tts: "local" }, { openai, deepgram });
    owner = await createUser(database.db);
    const campaign = await createCampaignFor(owner);
    await setCampaignStatus(owner.claims, { id: campaign.id, status: "active" });
    slug = campaign.publicSlug;
  });

  afterAll(async () => {
    resetToEmbedded();
    setDatabase(undefined);
    await Promise.all([deepgram?.close(), openai?.close(), database?.close()]);
  });

  it("grants a token that expires within a minute and opens the live socket", async () => {
    const started = (await startCall(slug)).body;
    const before = Date.now();
    const res = await grant(started.conversationId, started.callToken);
    expect(res.status).toBe(200);
    const { token, expiresAt, expiresIn, url } = res.body;
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(60);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(60_000 + 1000);
    // The API key never reaches the browser.
    expect(JSON.stringify(res.body)).not.toContain(deepgram.apiKey);
    const live = new URL(url);
    expect(live.origin).toBe(deepgram.url.replace("http:", "ws:"));
    expect(live.pathname).toBe("/v1/listen");
    expect(Object.fromEntries(live.searchParams)).toMatchObject({
      model: "nova-3",
      language: "en-US",
      encoding: "linear16",
      sample_rate: "16000",
      channels: "1",
      interim_results: "true",
    });
    // The stand-in saw the grant through the SDK, with the TTL the route asked for.
    const granted = deepgram.requests.filter((r) => r.path === "/v1/auth/grant");
    expect(granted).toHaveLength(1);
    const ws = new WebSocket(url, ["bearer", token]);
    await new Promise((resolve, reject) => {
      ws.on("open", resolve);
      ws.on("error", reject);
    });
    expect(ws.protocol).toBe("bearer");
    ws.close();
  });

  it("refuses another call's id, no token, and an ended call", async () => {
    const a = (await startCall(slug)).body;
    const b = (await startCall(slug)).body;
    const wrong = await grant(b.conversationId, a.callToken);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthorized");
    expect((await grant(a.conversationId)).status).toBe(401);
    expect((await grant(a.conversationId, "not-a-token")).status).toBe(401);
    expect((await grant("not-a-uuid", a.callToken)).status).toBe(400);

    await endCall(a.conversationId, a.callToken);
    const ended = await grant(a.conversationId, a.callToken);
    expect(ended.status).toBe(409);
    expect(ended.body.error.code).toBe("conflict");
  });

  it("answers 502 when Deepgram refuses the grant, without the key in the answer", async () => {
    const started = (await startCall(slug)).body;
    deepgram.arm("grant", "500");
    const res = await grant(started.conversationId, started.callToken);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe("provider_unavailable");
    expect(JSON.stringify(res.body)).not.toContain(deepgram.apiKey);
  });

  it("a streamed turn (text + audioMs) is priced as Deepgram STT seconds", async () => {
    const started = (await startCall(slug)).body;
    const res = await turnRoute.POST(
      new NextRequest("http://localhost:3000/api/voice/turn", {
        method: "POST",
        headers: {
          authorization: `Bearer ${started.callToken}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ text: "My name is Ada Lovelace.", audioMs: 1500 }),
      }),
      { params: Promise.resolve({}) },
    );
    const events = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const finished = done({ status: res.status, events, headers: res.headers });
    expect(finished.turn.cost.stt).toBeGreaterThan(0);
    await endCall(started.conversationId, finished.callToken);
    const view = await ownerView(started.conversationId, owner.cookie);
    const caller = view.turns.find((t) => t.role === "caller");
    expect(caller.text).toBe("My name is Ada Lovelace.");
    expect(caller.stt_seconds).toBeCloseTo(1.5, 3);
  });

  it("is 404 when STT is not Deepgram", async () => {
    useProviders({ stt: "none", llm: "scripted", tts: "local" }, { openai, deepgram });
    try {
      const started = (await startCall(slug)).body;
      const res = await grant(started.conversationId, started.callToken);
      expect(res.status).toBe(404);
    } finally {
      useProviders({ stt: "deepgram", llm: "scripted", tts: "local" }, { openai, deepgram });
    }
  });

  it("mints at most 20 tokens a minute for one conversation, whichever client asks", async () => {
    setLimiter(inProcessLimiter());
    try {
      const one = (await startCall(slug)).body;
      for (let i = 0; i < RATE_LIMITS.sttTokenPerCall.tokens; i++)
        expect((await grant(one.conversationId, one.callToken)).status).toBe(200);
      const over = await grant(one.conversationId, one.callToken);
      expect(over.status).toBe(429);
      expect(over.body.error.code).toBe("rate_limited");
      // Another call is not held back by this one.
      const other = (await startCall(slug)).body;
      expect((await grant(other.conversationId, other.callToken)).status).toBe(200);
    } finally {
      setLimiter();
    }
  });
});
