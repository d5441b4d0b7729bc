// The caller page's pure parts: the lenient NDJSON reader and the campaign's call settings
// with their defaults.
import { describe, expect, it } from "vitest";
import { decodePcm, readEvents, readWireEvent } from "@/lib/call-client/wire";
import {
  callSettings,
  campaignInputSchema,
  consentNoticeOf,
  DEFAULT_CONSENT_NOTICE,
  defaultCampaignInput,
} from "@/lib/validations/campaign";

const pcm = (...samples: number[]) =>
  Buffer.from(new Int16Array(samples).buffer).toString("base64");

describe("readWireEvent", () => {
  it("reads the contract's audio and agent_text events as they are", () => {
    const audio = readWireEvent(
      JSON.stringify({
        type: "audio",
        pieceId: 2,
        sampleOffset: 480,
        sampleRate: 24000,
        format: "pcm_s16le",
        data: pcm(1, -2, 32767, -32768),
      }),
    );
    expect(audio).toMatchObject({
      type: "audio",
      pieceId: 2,
      sampleOffset: 480,
      sampleRate: 24000,
    });
    expect(Array.from((audio as { pcm: Int16Array }).pcm)).toEqual([1, -2, 32767, -32768]);
    expect(
      readWireEvent(
        JSON.stringify({ type: "agent_text", pieceId: 1, kind: "holding", text: "One moment." }),
      ),
    ).toEqual({ type: "agent_text", pieceId: 1, kind: "holding", text: "One moment." });
  });

  it("skips frames and text without their piece (not the engine's events)", () => {
    expect(
      readWireEvent(
        JSON.stringify({ type: "audio", format: "pcm_s16le", sampleRate: 24000, data: pcm(1) }),
      ),
    ).toBeNull();
    expect(readWireEvent(JSON.stringify({ type: "agent_text", delta: "Hello" }))).toBeNull();
  });

  it("skips lines it cannot use instead of failing the turn", () => {
    expect(readWireEvent("not json")).toBeNull();
    expect(readWireEvent(JSON.stringify({ type: "something_new" }))).toBeNull();
    expect(readWireEvent(JSON.stringify({ type: "audio", format: "mp3", data: "" }))).toBeNull();
    expect(
      readWireEvent(
        JSON.stringify({
          type: "done",
          endCall: true,
          turn: { agentSeq: 3, audioMs: 900, incomplete: true },
        }),
      ),
    ).toEqual({
      type: "done",
      endCall: true,
      callToken: undefined,
      turn: { agentSeq: 3, audioMs: 900, incomplete: true },
    });
  });

  it("splits a streamed body into events across chunk boundaries", async () => {
    const lines = `${JSON.stringify({ type: "transcript", text: "hi" })}\n${JSON.stringify({ type: "turn", callerSeq: 1, agentSeq: 2 })}\n`;
    const bytes = new TextEncoder().encode(lines);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.subarray(0, 7));
        c.enqueue(bytes.subarray(7));
        c.close();
      },
    });
    const seen: string[] = [];
    await readEvents(body, (e) => seen.push(e.type));
    expect(seen).toEqual(["transcript", "turn"]);
  });

  it("decodes little-endian 16-bit samples", () => {
    expect(Array.from(decodePcm(pcm(-1, 256)))).toEqual([-1, 256]);
  });
});

describe("call settings", () => {
  it("defaults turn-taking, idle time and the consent notice for older campaigns", () => {
    expect(callSettings({})).toEqual({ turnTaking: "balanced", idleSeconds: 20 });
    expect(callSettings({ turnTaking: "snappy", idleSeconds: 45 })).toEqual({
      turnTaking: "snappy",
      idleSeconds: 45,
    });
    expect(consentNoticeOf({ consentNotice: "  " })).toBe(DEFAULT_CONSENT_NOTICE);
  });

  it("validates the new fields and still accepts campaigns without them", () => {
    const input = { ...defaultCampaignInput(), name: "Spring" };
    expect(campaignInputSchema.safeParse(input).success).toBe(true);
    const { turnTaking: _t, idleSeconds: _i, ...voice } = input.voiceSettings;
    expect(campaignInputSchema.safeParse({ ...input, voiceSettings: voice }).success).toBe(true);
    const bad = campaignInputSchema.safeParse({
      ...input,
      voiceSettings: { ...input.voiceSettings, turnTaking: "eager", idleSeconds: 2 },
    });
    expect(bad.success).toBe(false);
  });
});
