// Bad input to the call and voice routes: 401 for unknown, expired, forged or foreign call
// tokens; 409 for an ended call or a campaign not taking calls; 413 for audio over the
// limits; 415 for wrong content types; 400 for empty or unknown input. None writes anything.
import { SignJWT } from "jose";
import { NextRequest } from "next/server";
import { beforeAll, expect, it } from "vitest";
import * as endRoute from "@/app/api/calls/[id]/end/route";
import * as startRoute from "@/app/api/calls/route";
import * as interruptRoute from "@/app/api/voice/turn/interrupt/route";
import * as turnRoute from "@/app/api/voice/turn/route";
import { getSigningKey } from "@/lib/auth/secret";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { resetProviders } from "@/lib/voice/providers";
import { MAX_AUDIO_BYTES } from "@/lib/voice/turn-input";
import { audioTurn, createActiveCampaign, endCall, startCall, textTurn } from "../helpers/calls";
import { describeEachDatabase } from "../helpers/db";
import { countRows, createCampaignFor } from "../helpers/factories";
import { call } from "../helpers/http";
import { wavFile } from "../helpers/wav";

const silence = (ms: number, sampleRate = 16_000) =>
  wavFile({ sampleRate, data: new Uint8Array(Math.round((ms / 1000) * sampleRate) * 2) });

describeEachDatabase("bad input to the call routes", ({ db }) => {
  let slug: string;
  let pausedSlug: string;
  let live: { conversationId: string; callToken: string };
  let ended: { conversationId: string; callToken: string };

  beforeAll(async () => {
    resetProviders();
    const { owner, campaign } = await createActiveCampaign(db());
    slug = campaign.publicSlug;
    const paused = await createCampaignFor(owner, { name: "Paused one" });
    await setCampaignStatus(owner.claims, { id: paused.id, status: "active" });
    await setCampaignStatus(owner.claims, { id: paused.id, status: "paused" });
    pausedSlug = paused.publicSlug;
    live = (await startCall(slug)).body;
    ended = (await startCall(slug)).body;
    await endCall(ended.conversationId, ended.callToken);
  });

  const rejects = async (
    label: string,
    status: number,
    run: () => Promise<{ status: number; body?: any; error?: any }>,
  ) => {
    const before = await countRows(db());
    const res = await run();
    expect(res.status, label).toBe(status);
    const error = (res.body ?? res.error)?.error;
    expect(error?.code, label).toEqual(expect.any(String));
    expect(error?.message, label).toEqual(expect.any(String));
    expect(await countRows(db()), label).toEqual(before);
  };

  const raw = (token: string | null, init: { body: BodyInit; type?: string }) =>
    turnRoute
      .POST(
        new NextRequest("http://localhost:3000/api/voice/turn", {
          method: "POST",
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(init.type ? { "content-type": init.type } : {}),
          },
          body: init.body,
        }),
        { params: Promise.resolve({}) },
      )
      .then(async (r) => ({ status: r.status, body: await r.json() }));

  it("refuses call starts for unknown, paused or malformed campaigns", async () => {
    await rejects("unknown slug", 404, () => startCall("no-such-campaign-abc123"));
    await rejects("paused campaign", 409, () => startCall(pausedSlug));
    await rejects("missing slug", 400, () => call(startRoute.POST, "/api/calls", { body: {} }));
    await rejects("unknown field", 400, () =>
      call(startRoute.POST, "/api/calls", { body: { campaignSlug: slug, admin: true } }),
    );
    await rejects("bad caller email", 400, () => startCall(slug, { email: "not-an-email" }));
    await rejects("oversized slug", 400, () =>
      call(startRoute.POST, "/api/calls", { body: { campaignSlug: "x".repeat(500) } }),
    );
    await rejects("form body", 415, () =>
      call(startRoute.POST, "/api/calls", {
        body: "campaignSlug=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
    );
  });

  it("limits call starts per client with 429 and Retry-After", async () => {
    let last = { status: 0, headers: new Headers() };
    for (let i = 0; i < 11; i++)
      last = await call(startRoute.POST, "/api/calls", {
        body: { campaignSlug: "no-such-campaign-abc123" },
        clientAddress: "2001:db8::42",
        // A different forwarded address each time: not believed, so no way around the limit.
        headers: { "x-forwarded-for": `198.51.100.${i}` },
      });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers 401 to missing, forged, expired and foreign call tokens", async () => {
    const key = await getSigningKey();
    const claims = {
      sat: new Date().toISOString(),
      own: crypto.randomUUID(),
      cmp: crypto.randomUUID(),
    };
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(live.conversationId)
      .setAudience("voxline-call")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(live.conversationId)
      .setAudience("voxline-call")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("another-secret-another-secret-0123"));
    const session = await new SignJWT({ role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(crypto.randomUUID())
      .setAudience("authenticated")
      .setExpirationTime("5m")
      .sign(key);
    const unknownCall = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(crypto.randomUUID())
      .setAudience("voxline-call")
      .setExpirationTime("5m")
      .sign(key);
    for (const [label, token] of [
      ["none", null],
      ["garbage", "abc"],
      ["expired", expired],
      ["forged", forged],
      ["a session token", session],
      ["unknown call", unknownCall],
    ] as const) {
      await rejects(`turn: ${label}`, 401, () =>
        raw(token, { body: JSON.stringify({ text: "hi" }), type: "application/json" }),
      );
    }
    await rejects("interrupt: none", 401, () =>
      call(interruptRoute.POST, "/x", { body: { heardText: "x" } }),
    );
    await rejects("end: another call's token", 401, () =>
      endCall(live.conversationId, ended.callToken),
    );
    await rejects("end: expired", 401, () =>
      call(endRoute.POST, "/x", {
        headers: { authorization: `Bearer ${expired}` },
        params: { id: live.conversationId },
        body: {},
      }),
    );
  });

  it("answers 409 to turns on an ended call", async () => {
    await rejects("text turn", 409, () => textTurn(ended.callToken, "Hello?"));
    await rejects("audio turn", 409, () => audioTurn(ended.callToken, silence(500), "Hello?"));
    await rejects("interrupt", 409, () =>
      call(interruptRoute.POST, "/x", {
        headers: { authorization: `Bearer ${ended.callToken}` },
        body: { seq: 0, pieceId: 0, heardText: "x" },
      }),
    );
  });

  it("answers 413 to audio over the size or duration limit", async () => {
    await rejects("over 30 s", 413, () => audioTurn(live.callToken, silence(31_000, 8_000), "hi"));
    const big = new Uint8Array(MAX_AUDIO_BYTES + 1024);
    big.set(silence(100));
    await rejects("over 2 MiB", 413, () => audioTurn(live.callToken, big, "hi"));
  });

  it("answers 415 to wrong content types and non-WAV audio", async () => {
    await rejects("text/plain", 415, () =>
      raw(live.callToken, { body: "hello", type: "text/plain" }),
    );
    await rejects("no content type", 415, () => raw(live.callToken, { body: "hello" }));
    await rejects("an MP3 in the audio field", 415, () =>
      audioTurn(
        live.callToken,
        new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, ...new Array(60).fill(0)]),
        "hi",
      ),
    );
    const float = silence(500);
    new DataView(float.buffer).setUint16(34, 32, true); // 32-bit samples
    await rejects("32-bit WAV", 415, () => audioTurn(live.callToken, float, "hi"));
  });

  it("answers 400 to NUL characters and lone surrogates in a typed turn, storing nothing", async () => {
    for (const [label, text] of [
      ["NUL", "hello\u0000there"],
      ["lone high surrogate", "hi \uD800"],
      ["lone low surrogate", "\uDC00 hi"],
    ] as const) {
      await rejects(label, 400, () => textTurn(live.callToken, text));
    }
    await rejects("NUL in the transcript", 400, () =>
      audioTurn(live.callToken, silence(500), "hi\u0000"),
    );
    await rejects("NUL in a key", 400, () =>
      raw(live.callToken, { body: '{"text":"hi","\\u0000":1}', type: "application/json" }),
    );
  });

  it("matches content types exactly: prefixes and look-alikes are 415", async () => {
    const json = JSON.stringify({ text: "hi" });
    for (const type of ["application/jsonx", "application/json-patch+json", "text/json"]) {
      await rejects(type, 415, () => raw(live.callToken, { body: json, type }));
    }
    await rejects("multipart/form-datax", 415, () =>
      raw(live.callToken, { body: json, type: "multipart/form-datax; boundary=x" }),
    );
    const form = new FormData();
    form.set("audio", new Blob([new Uint8Array(silence(500))], { type: "audio/wavx" }), "a.wav");
    form.set("transcript", "hi");
    await rejects("audio/wavx part", 415, () => raw(live.callToken, { body: form }));
  });

  it("answers 400 to truncated WAVs and WAVs that lie about their sizes", async () => {
    const wav = silence(500);
    const lying = wav.slice();
    new DataView(lying.buffer).setUint32(40, wav.length * 4, true);
    const fmtLies = wav.slice();
    new DataView(fmtLies.buffer).setUint32(16, 1_000_000, true);
    await rejects("truncated", 400, () => audioTurn(live.callToken, wav.subarray(0, 100), "hi"));
    await rejects("data size lies", 400, () => audioTurn(live.callToken, lying, "hi"));
    await rejects("fmt size lies", 400, () => audioTurn(live.callToken, fmtLies, "hi"));
  });

  it("hears a WAV whose fmt chunk comes after its data like any other", async () => {
    const wav = silence(500);
    const fmt = wav.subarray(12, 36);
    const data = wav.subarray(36);
    const reordered = new Uint8Array(wav.length);
    reordered.set(wav.subarray(0, 12));
    reordered.set(data, 12);
    reordered.set(fmt, 12 + data.length);
    const res = await audioTurn(live.callToken, reordered, "Hello, is this thing on?");
    expect(res.status).toBe(200);
    expect(res.events.at(-1)?.type).toBe("done");
  });

  it("answers 400 to empty or unknown input, and 422 to audio the server cannot transcribe", async () => {
    await rejects("empty text", 400, () => textTurn(live.callToken, "   "));
    await rejects("unknown field", 400, () =>
      raw(live.callToken, {
        body: JSON.stringify({ text: "hi", role: "agent" }),
        type: "application/json",
      }),
    );
    await rejects("invalid JSON", 400, () =>
      raw(live.callToken, { body: "{", type: "application/json" }),
    );
    await rejects("bad idempotency key", 400, () =>
      textTurn(live.callToken, "hi", { "idempotency-key": "has spaces in it" }),
    );
    await rejects("empty recording", 400, () => audioTurn(live.callToken, silence(0), "hi"));
    await rejects("no transcript and no STT", 422, () => audioTurn(live.callToken, silence(500)));
    const form = new FormData();
    form.set("audio", new Blob([new Uint8Array(silence(500))]), "a.wav");
    form.set("speaker", "agent");
    await rejects("unknown form field", 400, () => raw(live.callToken, { body: form }));
    await rejects("interrupt: unknown field", 400, () =>
      call(interruptRoute.POST, "/x", {
        headers: { authorization: `Bearer ${live.callToken}` },
        body: { heardText: "x", seq: 1, extra: 1 },
      }),
    );
  });
});
