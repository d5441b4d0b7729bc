// The only stage that emits agent audio. It plays pieces strictly in order (text event, then
// whole-sample frames), synthesises the next piece while the current one streams, plays the
// cached holding phrase when the caller has waited holdingMs in silence, falls back to the
// second TTS provider when the first fails, and ends a faulted turn with the error event and
// the spoken apology (text only when no TTS is left).
import { AsyncQueue } from "../async-queue";
import type { PieceKind } from "../events";
import type { TtsProvider } from "../providers/types";
import { BOUNDS } from "./bounds";
import { since, type TurnContext } from "./context";
import { classifyFault, spokenFor, type TurnFault } from "./faults";
import { SampleFramer } from "./pcm";
import { HOLDING, isPhraseCached, type PhraseAudio, phraseAudio } from "./phrases";
import { type Synthesis, synthesize } from "./synth";

type Item =
  | { kind: "reply"; text: string }
  | { kind: "phrase"; text: string }
  | { kind: "fault"; fault: TurnFault };

/** How long a cached phrase may take to arrive before it is shown as text only. */
const PHRASE_BUDGET_MS = 400;

export class Speaker {
  private readonly queue = new AsyncQueue<Item>();
  private pieceId = 0;
  private tts: TtsProvider;
  /** Every TTS provider has failed this turn: words go out as text only. */
  private mute = false;
  private audioStarted = false;
  private held = false;
  private replyPieces = 0;
  private readonly stopped = new AbortController();

  constructor(
    private readonly ctx: TurnContext,
    /** Called when TTS itself has failed, to stop the agent stage. */
    private readonly onTtsFault: () => void,
  ) {
    this.tts = ctx.providers.tts;
    const stop = () => this.stopped.abort();
    if (ctx.hangup.aborted) stop();
    else ctx.hangup.addEventListener("abort", stop, { once: true });
  }

  /** A piece of the agent's reply, synthesised now. */
  say(text: string) {
    this.queue.push({ kind: "reply", text });
  }

  /** One of the engine's cached phrases, as the reply (idle prompts). */
  sayPhrase(text: string) {
    this.queue.push({ kind: "phrase", text });
  }

  /** A stage failed: the pieces before it play, then the error and the apology. */
  fail(fault: TurnFault) {
    if (this.ctx.state.fault) return;
    this.ctx.state.fault = fault;
    this.queue.push({ kind: "fault", fault });
  }

  close() {
    this.queue.close();
  }

  async run(): Promise<void> {
    let item = await this.hold(this.queue.next());
    let audio = item?.kind === "reply" ? this.synth(item.text) : null;
    while (item && !this.stopped.signal.aborted) {
      if (item.kind === "fault") return this.apologise(item.fault);
      if (item.kind === "phrase") await this.playPhrase(item.text, "reply");
      const upcoming = this.queue.next();
      let nextAudio: Synthesis | null = null;
      // Synthesise the next piece while this one is still streaming out.
      upcoming.then((next) => {
        if (next?.kind === "reply" && !this.mute && !this.stopped.signal.aborted)
          nextAudio = this.synth(next.text);
      });
      if (item.kind === "reply" && audio && !(await this.playReply(item.text, audio))) {
        (nextAudio as Synthesis | null)?.stop();
        return;
      }
      item = await this.hold(upcoming);
      audio = item?.kind === "reply" ? (nextAudio ?? this.synth(item.text)) : null;
    }
  }

  private synth(text: string): Synthesis {
    return synthesize(this.ctx, this.tts, text, this.stopped.signal);
  }

  /** Plays one reply piece, retrying it on the fallback provider if none of it was heard. */
  private async playReply(text: string, audio: Synthesis): Promise<boolean> {
    if (this.mute) return this.textOnly(text);
    const first = await this.play(text, "reply", audio);
    if (first.ok) return true;
    if (this.stopped.signal.aborted) return false;
    const fallback = this.switchToFallback();
    if (!first.started && fallback) {
      const second = await this.play(text, "reply", this.synth(text));
      if (second.ok) return true;
      this.mute = true;
      return this.ttsFailed(second.fault);
    }
    if (!fallback) this.mute = true;
    return this.ttsFailed(first.fault);
  }

  private switchToFallback(): boolean {
    const fallback = this.ctx.providers.ttsFallback;
    if (!fallback || this.tts === fallback) return false;
    this.tts = fallback;
    return true;
  }

  private async ttsFailed(fault: TurnFault): Promise<false> {
    this.ctx.state.fault ??= fault;
    this.onTtsFault();
    await this.apologise(fault);
    return false;
  }

  /** Streams one piece: its text before its first frame, then whole-sample frames. */
  private async play(
    text: string,
    kind: PieceKind,
    synthesis: Synthesis,
  ): Promise<{ ok: true } | { ok: false; fault: TurnFault; started: boolean }> {
    const framer = new SampleFramer(synthesis.provider.sampleRate);
    const iterator = synthesis.audio[Symbol.asyncIterator]();
    let pieceId = -1;
    try {
      for (;;) {
        const next = await (pieceId < 0 ? this.hold(iterator.next()) : iterator.next());
        if (this.stopped.signal.aborted) break;
        if (next.done) break;
        const frame = framer.push(next.value);
        if (frame && pieceId < 0) pieceId = this.startPiece(text, kind);
        if (frame) this.emitFrame(pieceId, framer.sampleRate, frame);
      }
      const last = framer.flush();
      if (last && pieceId >= 0) this.emitFrame(pieceId, framer.sampleRate, last);
      return { ok: true };
    } catch (error) {
      const fault = classifyFault("tts", error);
      return { ok: false, fault, started: pieceId >= 0 };
    } finally {
      if (this.stopped.signal.aborted) synthesis.stop();
    }
  }

  private startPiece(text: string, kind: PieceKind): number {
    const pieceId = this.pieceId++;
    // Reply pieces concatenate to the reply: every one after the first keeps its space.
    const shown = kind === "reply" && this.replyPieces++ > 0 ? ` ${text}` : text;
    this.ctx.emit({ type: "agent_text", pieceId, kind, text: shown });
    if (kind !== "holding") this.ctx.state.said.push(text);
    return pieceId;
  }

  private emitFrame(
    pieceId: number,
    sampleRate: number,
    frame: { sampleOffset: number; pcm: Uint8Array },
  ) {
    const { state } = this.ctx;
    this.audioStarted = true;
    state.marks.firstAudioMs ??= since(this.ctx.receivedAt);
    state.audioMs += ((frame.pcm.length / 2) * 1000) / sampleRate;
    this.ctx.emit({ type: "audio", pieceId, sampleRate, ...frame });
  }

  private textOnly(text: string): true {
    this.startPiece(text, "reply");
    return true;
  }

  /** The error event, then its apology: spoken when a TTS provider is left, else as text. */
  async apologise(fault: TurnFault) {
    const spoken = spokenFor(fault);
    this.ctx.emit({
      type: "error",
      stage: fault.stage,
      code: fault.code,
      message: fault.message,
      spoken,
    });
    await this.playPhrase(spoken, "apology");
  }

  /** A cached phrase: its audio when it arrives within the budget, else its text alone. */
  private async playPhrase(text: string, kind: PieceKind) {
    const audio = this.mute ? null : await this.cached(text, kind);
    const pieceId = this.startPiece(text, kind);
    if (!audio) return;
    const framer = new SampleFramer(audio.sampleRate);
    const step = Math.round(audio.sampleRate * 0.2) * 2;
    for (let at = 0; at < audio.pcm.length && !this.stopped.signal.aborted; at += step) {
      const frame = framer.push(audio.pcm.subarray(at, at + step)) ?? framer.flush();
      if (frame) this.emitFrame(pieceId, audio.sampleRate, frame);
    }
  }

  private async cached(text: string, kind: PieceKind): Promise<PhraseAudio | null> {
    // The local synthesizer blocks this process while it works: never start it for a holding
    // phrase in the middle of a turn (it would delay the reply it is covering for).
    const voice = this.ctx.call.voice;
    if (kind === "holding" && this.tts.streams === false && !isPhraseCached(this.tts, voice, text))
      return null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), PHRASE_BUDGET_MS);
    });
    const audio = phraseAudio(this.tts, this.ctx.call.voice, text).catch(() => null);
    try {
      return await Promise.race([audio, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Awaits `next`; if the caller has waited holdingMs in silence, plays the holding phrase. */
  async hold<T>(next: Promise<T>): Promise<T> {
    if (this.audioStarted || this.held) return next;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const due = this.ctx.receivedAt + BOUNDS.holdingMs - performance.now();
    const holding = new Promise<"hold">((r) => {
      timer = setTimeout(() => r("hold"), Math.max(0, due));
    });
    try {
      const first = await Promise.race([next.then((value) => ({ value })), holding]);
      if (first !== "hold") return first.value;
    } finally {
      clearTimeout(timer);
    }
    this.held = true;
    if (!this.stopped.signal.aborted) await this.playPhrase(HOLDING, "holding");
    return next;
  }
}
