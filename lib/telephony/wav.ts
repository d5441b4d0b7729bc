// The agent's reply for <Play>: its 16-bit mono PCM frames, in order, as one WAV file.

/** A RIFF/WAVE file around 16-bit little-endian mono PCM. */
export function encodeWav(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + pcm.byteLength);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + pcm.byteLength, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, pcm.byteLength, true);
  out.set(pcm, 44);
  return out;
}

/** Joins frames of one sample rate; null when frames disagree (a <Say> fallback then). */
export function joinFrames(
  frames: { pcm: Uint8Array; sampleRate: number }[],
): { pcm: Uint8Array; sampleRate: number } | null {
  if (frames.length === 0) return null;
  const sampleRate = frames[0]!.sampleRate;
  if (frames.some((f) => f.sampleRate !== sampleRate)) return null;
  const pcm = new Uint8Array(frames.reduce((n, f) => n + f.pcm.byteLength, 0));
  let at = 0;
  for (const f of frames) {
    pcm.set(f.pcm, at);
    at += f.pcm.byteLength;
  }
  return { pcm, sampleRate };
}
