// The page's live-transcription stream (lib/call-client/live-stt.ts) against the Deepgram
// stand-in's live websocket, with `ws` as the browser's WebSocket: a pause the VAD has not yet
// called the end of speech finalizes the words early, so the end of the utterance answers at
// once; speech after that pause is finalized again; a socket that never answers times out.
import { DeepgramClient } from "@deepgram/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type FrameJudgement, LiveStream } from "@/lib/call-client/live-stt";
import { startDeepgramStandIn } from "../stand-ins/deepgram";

const QUERY = "model=nova-3&encoding=linear16&sample_rate=16000&channels=1&interim_results=true";
const FRAME_MS = 32;

describe("live transcription stream (the page's side)", () => {
  let deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  let client: DeepgramClient;
  let heard = 0;
  const realWebSocket = globalThis.WebSocket;

  beforeAll(async () => {
    (globalThis as { WebSocket: unknown }).WebSocket = WebSocket;
    deepgram = await startDeepgramStandIn({ transcribe: () => `words ${++heard}` });
    client = new DeepgramClient({ apiKey: deepgram.apiKey, baseUrl: deepgram.url });
  });
  afterAll(async () => {
    (globalThis as { WebSocket: unknown }).WebSocket = realWebSocket;
    await deepgram.close();
  });

  async function openStream(flushAfterMs = 300) {
    const granted = (await client.auth.v1.tokens.grant({ ttl_seconds: 30 })) as {
      access_token: string;
    };
    const token = {
      token: granted.access_token,
      url: `${deepgram.url.replace("http", "ws")}/v1/listen?${QUERY}`,
      until: performance.now() + 30_000,
    };
    const sessions = deepgram.liveSessions.length;
    const stream = new LiveStream(Promise.resolve(token), [], flushAfterMs);
    await expect.poll(() => deepgram.liveSessions.length).toBe(sessions + 1);
    await expect.poll(() => deepgram.liveSessions.at(-1)!.openedAt).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50)); // the page's socket is open
    return { stream, session: () => deepgram.liveSessions[sessions]! };
  }

  /** `ms` of frames judged `judged`, at the VAD's pace (32 ms a frame). */
  async function frames(stream: LiveStream, ms: number, judged: FrameJudgement) {
    for (let t = 0; t < ms; t += FRAME_MS) {
      stream.send(new Int16Array(512).fill(judged === "quiet" ? 0 : 3000), judged);
      await new Promise((r) => setTimeout(r, FRAME_MS));
    }
  }

  it("a pause finalizes the words early: the end of speech answers at once", async () => {
    const { stream, session } = await openStream();
    await frames(stream, 600, "speech");
    await frames(stream, 500, "quiet"); // Finalize after 300 ms; its final is back 50 ms later
    expect(session().finals.map((f) => f.text)).toHaveLength(1);
    // Settled within the call, no round trip: the next microtasks already see the outcome.
    let outcome: unknown = null;
    void stream.finish(700).then((o) => {
      outcome = o;
    });
    await Promise.resolve();
    expect(outcome).toEqual({ text: session().finals[0]!.text });
    expect(session().finals).toHaveLength(1); // no second Finalize for the trailing silence
  });

  it("speech after the pause is finalized again, and both parts make the transcript", async () => {
    const { stream, session } = await openStream();
    await frames(stream, 400, "speech");
    await frames(stream, 350, "quiet");
    await frames(stream, 400, "speech");
    await frames(stream, 100, "quiet");
    const outcome = await stream.finish(700);
    const finals = session().finals.map((f) => f.text);
    expect(finals).toHaveLength(2);
    expect(outcome).toEqual({ text: finals.join(" ") });
  });

  it("the end of speech while the pause's final is on its way waits for it", async () => {
    const { stream, session } = await openStream(100);
    await frames(stream, 300, "speech");
    await frames(stream, 128, "quiet"); // Finalize sent at ~100 ms; the final is 50 ms away
    const outcome = await stream.finish(700);
    expect(outcome).toEqual({ text: session().finals[0]!.text });
  });

  it("a socket that never answers falls back after the bound", async () => {
    deepgram.arm("live", "hang");
    const { stream } = await openStream();
    await frames(stream, 300, "speech");
    await frames(stream, 400, "quiet");
    expect(await stream.finish(300)).toEqual({ text: null, why: "timeout" });
  });
});
