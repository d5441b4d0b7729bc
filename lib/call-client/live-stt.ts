// Streaming transcription in the browser, where the server's STT is Deepgram: while the caller
// speaks, the VAD's own 16 kHz frames go to Deepgram's live websocket (one socket per
// utterance, opened with a short-lived token from POST /api/calls/:id/stt-token), so the words
// are ready when the VAD says the caller stopped. finish() answers the transcript, or null for
// any trouble (no token, socket refused or dropped, no final in time, no words), and the page
// then uploads the WAV for that turn instead: the caller never notices which path ran.
// A pause that the VAD has not yet called the end of speech finalizes the words so far
// (Deepgram's Finalize), so when it does end the utterance the transcript is usually already
// there and the turn is posted at once, instead of a Finalize round trip later.
import { CallApiError, sttToken } from "./api";

/** From the VAD's end of speech to the final transcript, before the upload takes over. */
export const FINAL_BOUND_MS = 700;
/** A token is used only with this much life left (it only has to open the socket). */
const TOKEN_MARGIN_MS = 3_000;
/** Fetched again ahead of speech once it has less than this left. */
const TOKEN_REFRESH_MS = 10_000;
/** Frames kept from before the VAD's speech start: its pre-speech pad plus the start frame. */
const PREROLL_FRAMES = 8;
/** A pause this long (at most half the preset's end-of-speech silence) finalizes early. */
const FLUSH_AFTER_MS = 300;

/** How the VAD judged a frame: speech, quiet (counts towards the end of speech), or between. */
export type FrameJudgement = "speech" | "quiet" | "unsure";

type Token = { token: string; url: string; until: number };
type PcmFrame = Int16Array<ArrayBuffer>;
/** The words, or null and why the turn goes up as a WAV instead (for the probe). */
export type Outcome = { text: string; why?: undefined } | { text: null; why: string };

export interface LiveSttDeps {
  conversationId(): string | null;
  callToken(): string;
  /** The silence after which the VAD ends an utterance (the campaign's turn-taking preset). */
  endSilenceMs: number;
}

export class LiveStt {
  private token: Token | null = null;
  private fetching: Promise<Token | null> | null = null;
  private preroll: PcmFrame[] = [];
  private stream: LiveStream | null = null;
  /** The server said no for this call (404/409/401): stop asking. */
  private off = false;

  constructor(private readonly deps: LiveSttDeps) {}

  /** Gets a token ahead of the next utterance, so speech never waits on the grant. */
  prefetch() {
    if (this.off || this.fetching) return;
    if (this.token && this.token.until - performance.now() > TOKEN_REFRESH_MS) return;
    void this.fresh();
  }

  private fresh(): Promise<Token | null> {
    if (this.token && this.token.until - performance.now() > TOKEN_MARGIN_MS)
      return Promise.resolve(this.token);
    const id = this.deps.conversationId();
    if (this.off || !id) return Promise.resolve(null);
    this.fetching ??= sttToken(id, this.deps.callToken())
      .then((t) => {
        this.token = { token: t.token, url: t.url, until: performance.now() + t.expiresIn * 1000 };
        return this.token;
      })
      .catch((error: unknown) => {
        // A refusal is final for this call; a network blip or a busy Deepgram is not.
        if (error instanceof CallApiError && [401, 404, 409].includes(error.status))
          this.off = true;
        return null;
      })
      .finally(() => {
        this.fetching = null;
      });
    return this.fetching;
  }

  /** Every frame the VAD judged (16 kHz, 32 ms): kept as pre-roll, or streamed. */
  frame(samples: Float32Array, judged: FrameJudgement) {
    const pcm = toLinear16(samples);
    if (this.stream) this.stream.send(pcm, judged);
    else {
      this.preroll.push(pcm);
      if (this.preroll.length > PREROLL_FRAMES) this.preroll.shift();
    }
  }

  /** The VAD heard speech start: stream it, from the frames before it. */
  speechStart() {
    this.stream?.drop();
    this.stream = null;
    if (this.off) return;
    const flushAfterMs = Math.min(FLUSH_AFTER_MS, this.deps.endSilenceMs / 2);
    this.stream = new LiveStream(this.fresh(), this.preroll, flushAfterMs);
    this.preroll = [];
  }

  /** Too short to be speech: nothing is transcribed (and the socket is just closed). */
  misfire() {
    this.stream?.drop();
    this.stream = null;
  }

  /** The VAD heard the caller stop: the transcript, or null (and why) to upload instead. */
  async finish(): Promise<Outcome> {
    const stream = this.stream;
    this.stream = null;
    if (!stream) return { text: null, why: this.off ? "off" : "no-stream" };
    return stream.finish(FINAL_BOUND_MS);
  }

  /** The call ended: a next call starts afresh (its own token, its own refusals). */
  close() {
    this.misfire();
    this.preroll = [];
    this.token = null;
    this.off = false;
  }
}

/** One utterance's socket: frames before it opens are queued; finals are collected. */
export class LiveStream {
  private ws: WebSocket | null = null;
  private queue: PcmFrame[];
  private finals: string[] = [];
  private failed = false;
  private ending = false;
  private settle: ((outcome: Outcome) => void) | null = null;
  private done = false;
  private why = "";
  /** Quiet audio since the caller last sounded like speech (the VAD's own count). */
  private quietMs = 0;
  /** Finalize messages sent, and the results that answered them (from_finalize). */
  private flushes = 0;
  private answered = 0;
  /** Audio that may hold words has been sent since the last Finalize. */
  private unflushed = true;

  constructor(
    token: Promise<Token | null>,
    preroll: PcmFrame[],
    private readonly flushAfterMs: number,
  ) {
    this.queue = [...preroll];
    void token.then((t) => (t ? this.open(t) : this.fail("no-token")));
  }

  private open(t: Token) {
    if (this.done) return;
    let ws: WebSocket;
    try {
      // Deepgram's browser auth for a temporary token: the subprotocol pair bearer, <token>.
      ws = new WebSocket(t.url, ["bearer", t.token]);
    } catch {
      return this.fail("bad-url");
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      for (const pcm of this.queue.splice(0)) ws.send(pcm);
      if (this.ending) this.endAudio();
    };
    ws.onmessage = (event) => this.onMessage(event.data);
    ws.onerror = () => this.fail("socket-error");
    ws.onclose = (event) => {
      // A clean close after CloseStream ends the utterance; any other is a failure.
      if (this.ending && event.code === 1000) this.resolve();
      else this.fail(`closed-${event.code}`);
    };
  }

  private onMessage(data: unknown) {
    if (typeof data !== "string") return;
    let message: {
      type?: string;
      is_final?: boolean;
      from_finalize?: boolean;
      channel?: { alternatives?: { transcript?: unknown }[] };
    };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === "Metadata" && this.ending) return this.resolve();
    if (message.type !== "Results" || !message.is_final) return;
    const words = message.channel?.alternatives?.[0]?.transcript;
    if (typeof words === "string" && words.trim()) this.finals.push(words.trim());
    if (!message.from_finalize) return;
    this.answered++;
    if (this.ending && this.answered >= this.flushes) this.resolve();
  }

  send(pcm: PcmFrame, judged: FrameJudgement) {
    if (this.done || this.ending) return;
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(pcm);
    else this.queue.push(pcm);
    if (judged !== "quiet") this.unflushed = true;
    if (judged === "speech") this.quietMs = 0;
    if (judged !== "quiet") return;
    this.quietMs += pcm.length / 16;
    if (this.quietMs >= this.flushAfterMs && this.unflushed) this.flush();
  }

  /** Asks Deepgram for the final of everything sent so far; the stream stays open. */
  private flush() {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.unflushed = false;
    this.flushes++;
    this.ws.send(JSON.stringify({ type: "Finalize" }));
  }

  /**
   * The caller stopped. Words sent since the last Finalize: flush them and close (the final
   * comes back, then Metadata). Only quiet since: the pause's Finalize has the words, at once
   * if its answer is already in, else when it comes.
   */
  private endAudio() {
    if (this.unflushed) {
      this.flush();
      if (this.ws?.readyState === WebSocket.OPEN)
        this.ws.send(JSON.stringify({ type: "CloseStream" }));
    } else if (this.answered >= this.flushes) this.resolve();
  }

  finish(boundMs: number): Promise<Outcome> {
    if (this.failed) return Promise.resolve({ text: null, why: this.why });
    this.ending = true;
    const result = new Promise<Outcome>((resolve) => {
      this.settle = resolve;
    });
    // Why it was late, for the probe: still waiting for a token, connecting, or no final.
    const late = () =>
      !this.ws ? "timeout-no-token" : this.ws.readyState === 0 ? "timeout-connecting" : "timeout";
    const timer = setTimeout(() => this.fail(late()), boundMs);
    void result.finally(() => clearTimeout(timer));
    this.endAudio();
    return result;
  }

  private resolve() {
    if (this.done) return;
    const text = this.finals.join(" ").trim();
    this.end(text ? { text } : { text: null, why: "no-words" });
  }

  private fail(why: string) {
    if (this.done) return;
    this.failed = true;
    this.why = why;
    this.end({ text: null, why });
  }

  private end(outcome: Outcome) {
    if (this.done) return;
    this.done = true;
    this.queue = [];
    this.settle?.(outcome);
    const ws = this.ws;
    if (ws && ws.readyState <= WebSocket.OPEN) {
      ws.onclose = ws.onerror = ws.onmessage = null;
      ws.close();
    }
  }

  /** Not an utterance after all: close without asking for a transcript. */
  drop() {
    this.fail("dropped");
  }
}

/** The VAD's float samples → 16-bit little-endian PCM (what linear16 means). */
export function toLinear16(samples: Float32Array): PcmFrame {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return out;
}
