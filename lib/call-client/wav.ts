// The caller's utterance as the turn route wants it: 16 kHz mono 16-bit PCM WAV. vad-web's
// encoder writes 32-bit float unless told the format and bit depth.
export async function utteranceWav(samples: Float32Array): Promise<Blob> {
  const { utils } = await import("@ricky0123/vad-web");
  return new Blob([utils.encodeWAV(samples, 1, 16000, 1, 16)], { type: "audio/wav" });
}
