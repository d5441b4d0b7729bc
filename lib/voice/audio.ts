// WAV in, PCM out: the caller's utterance arrives as a 16-bit PCM WAV; every TTS backend's
// audio leaves as 16-bit little-endian mono PCM chunks with their sample rate.
import { AppError } from "@/lib/errors";

export interface Wav {
  sampleRate: number;
  channels: number;
  durationMs: number;
  /** The data chunk, 16-bit little-endian samples, interleaved when stereo. */
  data: Uint8Array;
}

const unsupported = (why: string) =>
  new AppError("unsupported_media_type", `Send a 16-bit PCM WAV file (${why})`, 415);

export function parseWav(bytes: Uint8Array): Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 44 || tag(0) !== "RIFF" || tag(8) !== "WAVE")
    throw unsupported("not a RIFF/WAVE file");
  let format: { channels: number; sampleRate: number; bits: number; code: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      format = {
        code: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      if (!format) throw unsupported("data before fmt");
      // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which browsers' encoders also write for PCM.
      if ((format.code !== 1 && format.code !== 0xfffe) || format.bits !== 16) {
        throw unsupported(`format ${format.code}, ${format.bits}-bit`);
      }
      if (format.channels < 1 || format.sampleRate < 8000)
        throw unsupported("bad channel count or sample rate");
      // Streaming encoders write 0 or 0xFFFFFFFF as the size; take what is there.
      const end =
        size === 0 || size === 0xffffffff ? bytes.length : Math.min(bytes.length, body + size);
      const data = bytes.subarray(body, end);
      const frames = data.length / 2 / format.channels;
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        durationMs: Math.round((frames / format.sampleRate) * 1000),
        data,
      };
    }
    at = body + size + (size % 2);
  }
  throw unsupported("no data chunk");
}

/** Root-mean-square level of 16-bit PCM, 0..1: used to tell real audio from silence. */
export function rmsLevel(pcm: Uint8Array): number {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength - (pcm.byteLength % 2));
  let sum = 0;
  const n = view.byteLength / 2;
  for (let i = 0; i < n; i++) sum += view.getInt16(i * 2, true) ** 2;
  return n ? Math.sqrt(sum / n) / 32768 : 0;
}
