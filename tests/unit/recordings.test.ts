// Pure parts of recordings: the Range header of playback, the agent's frames as one WAV, and
// the storage keys the backends accept.
import { describe, expect, it } from "vitest";
import { assertRecordingPath, recordingPath } from "@/lib/recordings/paths";
import { parseRange } from "@/lib/recordings/playback";
import { framesToWav } from "@/lib/recordings/wav";
import { parseWav } from "@/lib/voice/audio";

const pcm = (...samples: number[]) => new Uint8Array(new Int16Array(samples).buffer);

describe("parseRange", () => {
  it("reads one bytes range, open or suffix", () => {
    expect(parseRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange("bytes=-500", 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange("bytes=50-500", 100)).toEqual({ start: 50, end: 99 });
  });

  it("sends the whole body for none, several or a malformed one; 416 past the end", () => {
    for (const header of [null, "", "bytes=", "bytes=0-1,5-6", "items=0-1", "bytes=9-3"])
      expect(parseRange(header, 100)).toBeNull();
    expect(parseRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 100)).toBe("unsatisfiable");
  });
});

describe("framesToWav", () => {
  it("joins frames in order into a 16-bit mono WAV", () => {
    const out = framesToWav([
      { sampleRate: 8000, pcm: pcm(1, 2) },
      { sampleRate: 8000, pcm: pcm(3) },
    ])!;
    const wav = parseWav(out.wav);
    expect(wav.sampleRate).toBe(8000);
    expect([...new Int16Array(wav.data.slice().buffer)]).toEqual([1, 2, 3]);
    expect(out.durationMs).toBe(0);
  });

  it("resamples a frame at another rate to the first frame's rate", () => {
    const out = framesToWav([
      { sampleRate: 8000, pcm: pcm(...new Array(8000).fill(100)) },
      { sampleRate: 16000, pcm: pcm(...new Array(16000).fill(200)) },
    ])!;
    const wav = parseWav(out.wav);
    expect(wav.sampleRate).toBe(8000);
    expect(out.durationMs).toBe(2000);
    expect(new Int16Array(wav.data.slice().buffer).at(-1)).toBe(200);
  });

  it("is null without audio", () => {
    expect(framesToWav([])).toBeNull();
    expect(framesToWav([{ sampleRate: 8000, pcm: new Uint8Array() }])).toBeNull();
  });
});

describe("recording paths", () => {
  const key = recordingPath({
    workspaceId: "00000000-0000-4000-8000-000000000001",
    conversationId: "00000000-0000-4000-8000-000000000002",
    seq: 3,
    role: "caller",
  });

  it("accepts only the keys recordingPath makes", () => {
    expect(key).toBe(
      "00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000002/3-caller.wav",
    );
    expect(() => assertRecordingPath(key)).not.toThrow();
    for (const bad of [
      "../x.wav",
      `/${key}`,
      key.replace("3-caller", "../3-caller"),
      "a/b/1-x.wav",
    ])
      expect(() => assertRecordingPath(bad)).toThrow(/not a recording path/);
  });
});
