// The caller's speech → what a turn posts: the words streamed to Deepgram while they spoke
// (JSON { text, audioMs }), else the utterance as a 16 kHz WAV for the server to transcribe.
// "stream" falls back to the upload for any turn the stream did not transcribe.
import type { TurnBody } from "./api";
import { type FrameJudgement, LiveStt, type LiveSttDeps } from "./live-stt";
import { utteranceWav } from "./wav";

/** stream: Deepgram live from the browser; upload: the server transcribes a WAV; none: no STT. */
export type SttMode = "stream" | "upload" | "none";

export class CallerSpeech {
  private readonly live: LiveStt | null;

  constructor(mode: SttMode, deps: LiveSttDeps) {
    this.live = mode === "stream" ? new LiveStt(deps) : null;
  }

  /** Fetches a stream token ahead of the caller's next utterance. */
  prefetch = () => this.live?.prefetch();
  frame = (samples: Float32Array, judged: FrameJudgement) => this.live?.frame(samples, judged);
  start = () => this.live?.speechStart();
  misfire = () => this.live?.misfire();
  close = () => this.live?.close();

  /** The turn for this utterance, which path carried it, and why a stream fell back. */
  async body(
    samples: Float32Array,
  ): Promise<{ body: TurnBody; via: "stream" | "upload"; fallback?: string }> {
    const streamed = this.live ? await this.live.finish() : null;
    if (streamed?.text)
      return {
        body: { text: streamed.text, audioMs: Math.round(samples.length / 16) },
        via: "stream",
      };
    const body = { audio: await utteranceWav(samples) };
    return { body, via: "upload", fallback: streamed?.why };
  }
}
