// The Deepgram stand-in's live websocket, driven the way the browser drives it: a temporary
// token from the real SDK's auth.v1.tokens.grant, then `["bearer", token]` as the subprotocol,
// linear16 frames, Finalize and CloseStream.
import { DeepgramClient } from "@deepgram/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startDeepgramStandIn } from "../stand-ins/deepgram";

type Message = {
  type: string;
  is_final?: boolean;
  from_finalize?: boolean;
  start?: number;
  duration?: number;
  channel?: { alternatives: { transcript: string }[] };
};

const QUERY = "model=nova-3&encoding=linear16&sample_rate=16000&channels=1&interim_results=true";

describe("Deepgram stand-in: live transcription", () => {
  let deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  let client: DeepgramClient;
  const heard: Buffer[] = [];

  beforeAll(async () => {
    deepgram = await startDeepgramStandIn({
      transcribe: (wav) => {
        heard.push(wav);
        return `utterance ${heard.length}`;
      },
    });
    client = new DeepgramClient({ apiKey: deepgram.apiKey, baseUrl: deepgram.url });
  });
  afterAll(() => deepgram.close());

  const grant = async (ttl = 30) =>
    (await client.auth.v1.tokens.grant({ ttl_seconds: ttl }, { maxRetries: 0 })) as {
      access_token: string;
      expires_in?: number;
    };

  /** Opens a socket; resolves with it and the messages it receives, or rejects. */
  function open(protocols: string[]) {
    const ws = new WebSocket(`${deepgram.url.replace("http", "ws")}/v1/listen?${QUERY}`, protocols);
    const messages: Message[] = [];
    const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
    ws.on("message", (data) => messages.push(JSON.parse(data.toString())));
    return new Promise<{ ws: WebSocket; messages: Message[]; closed: Promise<number> }>(
      (resolve, reject) => {
        ws.on("open", () => resolve({ ws, messages, closed }));
        ws.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.on("error", reject);
      },
    );
  }

  /** `ms` of 16 kHz linear16 in 32 ms frames (what the page sends). */
  function sendAudio(ws: WebSocket, ms: number) {
    const frame = Buffer.alloc(512 * 2, 1);
    for (let sent = 0; sent < ms; sent += 32) ws.send(frame);
  }

  const until = async (check: () => boolean, ms = 2000) => {
    for (const t0 = Date.now(); !check(); ) {
      if (Date.now() - t0 > ms) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it("grants tokens with the asked TTL and refuses bad TTLs", async () => {
    const token = await grant(45);
    expect(token.expires_in).toBe(45);
    expect(token.access_token.split(".")).toHaveLength(3);
    await expect(grant(0)).rejects.toThrow();
  });

  it("streams interims every 100 ms of audio and the final after Finalize", async () => {
    const { access_token } = await grant();
    const { ws, messages, closed } = await open(["bearer", access_token]);
    expect(ws.protocol).toBe("bearer");
    const before = heard.length;
    sendAudio(ws, 640); // 20 frames = 640 ms
    await until(() => messages.length >= 6);
    expect(messages.every((m) => m.type === "Results" && m.is_final === false)).toBe(true);
    const t0 = performance.now();
    ws.send(JSON.stringify({ type: "Finalize" }));
    await until(() => messages.some((m) => m.is_final));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    const final = messages.find((m) => m.is_final)!;
    expect(final.from_finalize).toBe(true);
    expect(final.channel?.alternatives[0]?.transcript).toBe(`utterance ${before + 1}`);
    expect(final.duration).toBeCloseTo(0.64, 2);
    // The segment went to transcribe as a 16 kHz 16-bit WAV, like an upload.
    const wav = heard.at(-1)!;
    expect(wav.subarray(0, 4).toString()).toBe("RIFF");
    expect(wav.readUInt32LE(24)).toBe(16_000);
    expect(wav.length - 44).toBe(20 * 1024);
    ws.send(JSON.stringify({ type: "CloseStream" }));
    expect(await closed).toBe(1000);
    expect(messages.at(-1)?.type).toBe("Metadata");
    const session = deepgram.liveSessions.at(-1)!;
    expect(session.auth).toBe("bearer");
    expect(session.query.sample_rate).toBe("16000");
    expect(session.finals).toHaveLength(1);
  });

  it("CloseStream alone flushes the audio, then Metadata and a normal close", async () => {
    const { access_token } = await grant();
    const { ws, messages, closed } = await open(["bearer", access_token]);
    sendAudio(ws, 320);
    ws.send(JSON.stringify({ type: "KeepAlive" }));
    ws.send(JSON.stringify({ type: "CloseStream" }));
    expect(await closed).toBe(1000);
    expect(messages.filter((m) => m.is_final)).toHaveLength(1);
    expect(messages.at(-1)?.type).toBe("Metadata");
  });

  it("refuses an unknown token and accepts the API key", async () => {
    await expect(open(["bearer", "not-a-token"])).rejects.toThrow("HTTP 401");
    const { ws } = await open(["token", deepgram.apiKey]);
    expect(ws.protocol).toBe("token");
    ws.close();
  });

  it("a dropped socket before the final consumes no transcript", async () => {
    const before = heard.length;
    const { access_token } = await grant();
    const { ws, closed } = await open(["bearer", access_token]);
    sendAudio(ws, 320);
    ws.close();
    await closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(heard.length).toBe(before);
  });

  it("faults: refused upgrade, reset, hang, empty final", async () => {
    const { access_token } = await grant();
    deepgram.arm("live", "500");
    await expect(open(["bearer", access_token])).rejects.toThrow("HTTP 500");

    deepgram.arm("live", "reset");
    const reset = await open(["bearer", access_token]);
    sendAudio(reset.ws, 64);
    expect(await reset.closed).toBe(1006);

    deepgram.arm("live", "hang");
    const hung = await open(["bearer", access_token]);
    sendAudio(hung.ws, 320);
    hung.ws.send(JSON.stringify({ type: "Finalize" }));
    await new Promise((r) => setTimeout(r, 200));
    expect(hung.messages).toEqual([]);
    hung.ws.terminate();

    deepgram.arm("live", "empty-result");
    const empty = await open(["bearer", access_token]);
    sendAudio(empty.ws, 320);
    empty.ws.send(JSON.stringify({ type: "Finalize" }));
    await until(() => empty.messages.some((m) => m.is_final));
    expect(empty.messages.find((m) => m.is_final)?.channel?.alternatives[0]?.transcript).toBe("");
    empty.ws.close();

    deepgram.arm("grant", "500");
    await expect(grant()).rejects.toThrow();
  });

  it("closes a silent stream after the idle timeout with 1011", async () => {
    deepgram.set({ live: { interimEveryMs: 100, finalMs: 50, idleTimeoutMs: 150 } });
    try {
      const { access_token } = await grant();
      const { closed } = await open(["bearer", access_token]);
      expect(await closed).toBe(1011);
    } finally {
      deepgram.set({ live: { interimEveryMs: 100, finalMs: 50, idleTimeoutMs: 10_000 } });
    }
  });
});
