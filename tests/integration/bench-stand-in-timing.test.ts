// The bench's turn tags survive the real SDKs, and the stand-ins time what they saw: the tag
// written into a WAV comes back in Deepgram's transcript, the LLM stand-in finds it in the
// prompt and starts its reply with it, so the TTS request for that text carries it too.
import { DeepgramClient } from "@deepgram/sdk";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProfileStandIns, UTTERANCE } from "@/bench/profile-stand-ins";
import { audioTag, findTextTag, stripTags, tagWav } from "@/bench/turn-tag";
import { wavFile } from "../helpers/wav";
import type { RequestTiming } from "../stand-ins/http";
import { BENCH_TOKENS } from "../stand-ins/openai";

let stands: Awaited<ReturnType<typeof startProfileStandIns>>;
const seen: RequestTiming[] = [];

beforeAll(async () => {
  stands = await startProfileStandIns((t) => seen.push(t));
});
afterAll(async () => {
  await Promise.all([stands.deepgram.close(), stands.openai.close()]);
});

describe("bench turn tags through the real SDKs", () => {
  it("ties STT, LLM and TTS requests to one turn, with the stand-ins' timings", async () => {
    const tag = "00c0ffee";
    const wav = tagWav(wavFile({ data: new Uint8Array(3200), sampleRate: 16_000 }), tag);
    expect(audioTag(wav)).toBe(tag);

    const deepgram = new DeepgramClient({
      apiKey: stands.deepgram.apiKey,
      baseUrl: stands.deepgram.url,
    });
    const stt = await deepgram.listen.v1.media.transcribeFile(
      wav,
      { model: "nova-3" },
      { maxRetries: 0 },
    );
    const transcript = (stt as any).results.channels[0].alternatives[0].transcript as string;
    expect(stripTags(transcript)).toBe(UTTERANCE);
    expect(findTextTag(transcript)).toBe(tag);

    const openai = new OpenAI({
      apiKey: stands.openai.apiKey,
      baseURL: stands.openai.url,
      maxRetries: 0,
    });
    const stream = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: transcript }],
    });
    let reply = "";
    for await (const chunk of stream) reply += chunk.choices[0]?.delta?.content ?? "";
    expect(stripTags(reply)).toBe(BENCH_TOKENS.join(""));
    const firstPiece = reply.slice(0, reply.indexOf(",") + 1);
    const speech = await openai.audio.speech.create({
      model: "tts-1",
      voice: "alloy",
      input: firstPiece,
      response_format: "pcm",
    });
    expect((await speech.arrayBuffer()).byteLength).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 50)); // timings are recorded when a response closes
    const mine = seen.filter((t) => t.tag === tag);
    expect(mine.map((t) => t.path).sort()).toEqual([
      "/v1/audio/speech",
      "/v1/chat/completions",
      "/v1/listen",
    ]);
    const by = Object.fromEntries(mine.map((t) => [t.path, t]));
    const sttSeen = by["/v1/listen"]!;
    expect(sttSeen.firstByteAt! - sttSeen.receivedAt).toBeGreaterThanOrEqual(199);
    const llm = by["/v1/chat/completions"]!;
    expect(llm.tokenAt).toHaveLength(BENCH_TOKENS.length);
    expect(llm.tokenAt![0]! - llm.receivedAt).toBeGreaterThanOrEqual(149);
    const tts = by["/v1/audio/speech"]!;
    expect(tts.firstByteAt! - tts.receivedAt).toBeGreaterThanOrEqual(79);
  });
});
