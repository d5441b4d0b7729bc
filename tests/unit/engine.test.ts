// The engine's small parts on their own: whole-sample framing, the stream watchdog, fault
// classification, the TTS body checks and the one NDJSON encoder.
import { describe, expect, it } from "vitest";
import { encodeEvent } from "@/lib/http/ndjson";
import { DeadlineError, watchdog } from "@/lib/voice/deadline";
import { classifyFault } from "@/lib/voice/engine/faults";
import { SampleFramer } from "@/lib/voice/engine/pcm";
import { checkAudioType, checkedAudio } from "@/lib/voice/providers/tts/check-audio";
import { ProviderError } from "@/lib/voice/providers/types";

const drain = async (source: AsyncIterable<Uint8Array>) => {
  const out: Uint8Array[] = [];
  for await (const c of source) out.push(c);
  return out;
};

async function* chunks(...parts: Uint8Array[]) {
  yield* parts;
}

describe("SampleFramer", () => {
  it("carries an odd byte into the next frame and keeps sample offsets exact", () => {
    const pcm = Buffer.alloc(2_000);
    for (let i = 0; i < pcm.length; i++) pcm[i] = i % 251;
    const framer = new SampleFramer(24_000);
    const frames: { sampleOffset: number; pcm: Uint8Array }[] = [];
    for (let at = 0; at < pcm.length; at += 333) {
      const f = framer.push(pcm.subarray(at, at + 333));
      if (f) frames.push(f);
    }
    const last = framer.flush();
    if (last) frames.push(last);
    let offset = 0;
    for (const f of frames) {
      expect(f.pcm.length % 2).toBe(0);
      expect(f.sampleOffset).toBe(offset);
      offset += f.pcm.length / 2;
    }
    expect(Buffer.concat(frames.map((f) => f.pcm))).toEqual(pcm);
  });

  it("sends the first frame at once and batches the rest up to 200 ms", () => {
    const framer = new SampleFramer(1_000); // 200 ms = 200 samples = 400 bytes
    expect(framer.push(new Uint8Array(10))).not.toBeNull();
    expect(framer.push(new Uint8Array(100))).toBeNull();
    expect(framer.push(new Uint8Array(300))?.pcm.length).toBe(400);
  });

  it("drops a lone trailing byte: it is not a sample", () => {
    const framer = new SampleFramer(24_000);
    framer.push(new Uint8Array(3));
    expect(framer.flush()).toBeNull();
    expect(framer.samples).toBe(1);
  });
});

describe("watchdog", () => {
  it("fires the first bound, then the gap bound after progress, with a labelled reason", async () => {
    const w = watchdog("llm", 30, 20);
    await new Promise((r) => setTimeout(r, 15));
    w.touch();
    await new Promise((r) => setTimeout(r, 40));
    expect(w.signal.aborted).toBe(true);
    expect((w.signal.reason as DeadlineError).label).toBe("llm stall");
    w.clear();
  });

  it("follows its parent and releases it on clear", () => {
    const parent = new AbortController();
    const w = watchdog("tts", 1_000, 1_000, parent.signal);
    w.clear();
    parent.abort();
    expect(w.signal.aborted).toBe(false);
  });
});

describe("classifyFault", () => {
  it("names the bound that fired, the status and the provider's own verdict", () => {
    expect(
      classifyFault("llm", new Error("x"), AbortSignal.abort(new DeadlineError("llm first", 1)))
        .code,
    ).toBe("llm_timeout");
    expect(classifyFault("tts", new DeadlineError("tts stall", 1)).code).toBe("tts_stalled");
    expect(classifyFault("stt", Object.assign(new Error("x"), { status: 429 })).code).toBe(
      "stt_rate_limited",
    );
    expect(classifyFault("stt", new ProviderError("stt", "x", { statusCode: 503 })).code).toBe(
      "stt_unavailable",
    );
    expect(classifyFault("tts", new ProviderError("tts", "x", undefined, "empty")).code).toBe(
      "tts_empty",
    );
    const reset = new TypeError("terminated", {
      cause: Object.assign(new Error("s"), { code: "UND_ERR_SOCKET" }),
    });
    expect(classifyFault("llm", reset).code).toBe("llm_connection_lost");
  });
});

describe("TTS body checks", () => {
  it("refuses a non-audio content type, text bytes and an empty answer; passes PCM", async () => {
    expect(() => checkAudioType("text/html; charset=utf-8", "t")).toThrow(ProviderError);
    expect(() => checkAudioType("audio/pcm", "t")).not.toThrow();
    await expect(
      drain(checkedAudio(chunks(Buffer.from('{"error":"no"}')), "t")),
    ).rejects.toMatchObject({
      fault: "bad_response",
    });
    await expect(drain(checkedAudio(chunks(), "t"))).rejects.toMatchObject({ fault: "empty" });
    const pcm = new Uint8Array([0, 0, 255, 127, 1, 128]);
    expect(await drain(checkedAudio(chunks(pcm), "t"))).toEqual([pcm]);
  });
});

describe("NDJSON encoder", () => {
  it("turns PCM into base64 pcm_s16le and adds the call token to done only", () => {
    const audio = encodeEvent(
      {
        type: "audio",
        pieceId: 0,
        sampleOffset: 0,
        sampleRate: 24_000,
        pcm: new Uint8Array([1, 0, 2, 0]),
      },
      "tok",
    );
    expect(JSON.parse(audio)).toEqual({
      type: "audio",
      pieceId: 0,
      sampleOffset: 0,
      sampleRate: 24_000,
      format: "pcm_s16le",
      data: "AQACAA==",
    });
    expect(audio.endsWith("\n")).toBe(true);
    expect(JSON.parse(encodeEvent({ type: "transcript", text: "hi" }, "tok"))).toEqual({
      type: "transcript",
      text: "hi",
    });
    const done = encodeEvent(
      {
        type: "done",
        turn: {
          callerSeq: 1,
          agentSeq: 2,
          marks: {
            sttMs: 0,
            llmFirstTokenMs: 1,
            llmFirstChunkMs: 1,
            ttsFirstByteMs: 1,
            firstAudioMs: 1,
            totalMs: 2,
          },
          cost: { stt: 0, llm: 0, tts: 0, total: 0 },
          audioMs: 0,
          incomplete: false,
        },
        endCall: false,
      },
      "tok",
    );
    expect(JSON.parse(done).callToken).toBe("tok");
  });
});
