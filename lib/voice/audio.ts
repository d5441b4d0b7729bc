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
const broken = (why: string) => new AppError("invalid_input", `audio: ${why}`, 400);

interface Format {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

/**
 * Reads a RIFF/WAVE file's fmt and data chunks, in either order (some encoders write fmt
 * after data). A chunk that claims more bytes than the file holds, a missing, duplicated or
 * short fmt, or a format other than 16-bit PCM is refused: 415 when it is not a PCM WAV at
 * all, 400 when it is one but broken.
 */
export function parseWav(bytes: Uint8Array): Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE")
    throw unsupported("not a RIFF/WAVE file");
  let format: Format | null = null;
  let data: Uint8Array | null = null;
  for (let at = 12; at + 8 <= bytes.length && !(format && data); ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    // Streaming encoders write 0 or 0xFFFFFFFF as the data size: the rest of the file.
    const open = id === "data" && (size === 0 || size === 0xffffffff);
    const end = open ? bytes.length : body + size;
    if (end > bytes.length)
      throw broken(`the ${id.trim() || "?"} chunk runs past the end of the file`);
    if (id === "fmt ") {
      if (format) throw broken("two fmt chunks");
      format = readFormat(view, body, size);
    } else if (id === "data") {
      if (data) throw broken("two data chunks");
      data = bytes.subarray(body, end);
    }
    at = end + (size % 2);
  }
  if (!format) throw broken("no fmt chunk");
  if (!data) throw broken("no data chunk");
  const frameBytes = 2 * format.channels;
  const frames = Math.floor(data.length / frameBytes);
  return {
    sampleRate: format.sampleRate,
    channels: format.channels,
    durationMs: Math.round((frames / format.sampleRate) * 1000),
    data: data.subarray(0, frames * frameBytes),
  };
}

function readFormat(view: DataView, body: number, size: number): Format {
  if (size < 16) throw broken("the fmt chunk is too short");
  const format = {
    code: view.getUint16(body, true),
    channels: view.getUint16(body + 2, true),
    sampleRate: view.getUint32(body + 4, true),
    bits: view.getUint16(body + 14, true),
  };
  // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which browsers' encoders also write for PCM
  // (its sub-format, at byte 24 of the chunk, must then be PCM too).
  const pcm =
    format.code === 1 ||
    (format.code === 0xfffe && size >= 26 && view.getUint16(body + 24, true) === 1);
  if (!pcm || format.bits !== 16) throw unsupported(`format ${format.code}, ${format.bits}-bit`);
  if (format.channels < 1 || format.channels > 8) throw unsupported("bad channel count");
  if (format.sampleRate < 8000 || format.sampleRate > 192_000) throw unsupported("bad sample rate");
  return format;
}

/** Root-mean-square level of 16-bit PCM, 0..1: used to tell real audio from silence. */
export function rmsLevel(pcm: Uint8Array): number {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength - (pcm.byteLength % 2));
  let sum = 0;
  const n = view.byteLength / 2;
  for (let i = 0; i < n; i++) sum += view.getInt16(i * 2, true) ** 2;
  return n ? Math.sqrt(sum / n) / 32768 : 0;
}
