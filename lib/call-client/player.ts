// Plays the agent's voice with Web Audio: each PCM frame becomes an AudioBuffer scheduled to
// start exactly where the previous one ends, so chunks and pieces join without a gap or a
// click. It remembers what was scheduled where, so a barge-in can say precisely which piece
// and sample the caller had reached and what they heard.

interface Scheduled {
  pieceId: number;
  sampleOffset: number;
  frames: number;
  rate: number;
  start: number;
  source: AudioBufferSourceNode;
  /** Its samples are in finishedSamples: it ended, or a barge-in stopped it. */
  counted: boolean;
}

export interface Heard {
  pieceId: number;
  sampleOffset: number;
  heardMs: number;
  heardText: string;
}

/**
 * Headroom for the first frame of a turn: one render quantum or so, so it starts on time
 * rather than clipped. The frames behind it arrive faster than real time (TTS streams ahead),
 * so they need no jitter buffer; every millisecond here is added to the caller's wait.
 */
const LEAD_S = 0.005;
/** The fade on a barge-in: short enough to feel instant, long enough not to click. */
const FADE_S = 0.008;

export class AudioPlayer {
  private gain: GainNode;
  private nextTime = 0;
  private turn: Scheduled[] = [];
  private pieces = new Map<number, { text: string; samples: number }>();
  private finishedSamples = 0;
  /** Every sample ever scheduled / fully played, at the source rate: the test's counters. */
  scheduledSamples = 0;
  /** performance.now() at which the current turn's first frame starts to sound. */
  firstSoundAt: number | null = null;
  onDrained: (() => void) | null = null;

  /**
   * Every turn's audio passes through here on its way to the speakers: a tap for other
   * listeners (the call's LiveKit room, see ./livekit-room.ts).
   */
  readonly output: GainNode;

  constructor(private readonly ctx: AudioContext) {
    this.output = ctx.createGain();
    this.output.connect(ctx.destination);
    this.gain = ctx.createGain();
    this.gain.connect(this.output);
  }

  /** A new agent turn: forget the last one's pieces and offsets. */
  beginTurn() {
    this.turn = [];
    this.pieces.clear();
    this.firstSoundAt = null;
  }

  addText(pieceId: number, text: string) {
    const piece = this.pieces.get(pieceId) ?? { text: "", samples: 0 };
    piece.text += text;
    this.pieces.set(pieceId, piece);
  }

  enqueue(pieceId: number, sampleOffset: number, rate: number, pcm: Int16Array) {
    if (!pcm.length || !rate) return;
    const buffer = this.ctx.createBuffer(1, pcm.length, rate);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) channel[i] = (pcm[i] ?? 0) / 32768;
    const source = this.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.gain);
    const now = this.ctx.currentTime;
    if (this.nextTime < now + LEAD_S) this.nextTime = now + LEAD_S;
    const start = this.nextTime;
    source.start(start);
    this.nextTime = start + pcm.length / rate;
    this.firstSoundAt ??= performance.now() + (start - now) * 1000;
    const item: Scheduled = {
      pieceId,
      sampleOffset,
      frames: pcm.length,
      rate,
      start,
      source,
      counted: false,
    };
    this.turn.push(item);
    this.scheduledSamples += pcm.length;
    const piece = this.pieces.get(pieceId) ?? { text: "", samples: 0 };
    piece.samples = Math.max(piece.samples, sampleOffset + pcm.length);
    this.pieces.set(pieceId, piece);
    source.onended = () => {
      item.source.disconnect();
      if (item.counted) return; // stopped by a barge-in: counted there
      item.counted = true;
      this.finishedSamples += item.frames;
      // Drained when every chunk scheduled so far has ended. (Comparing currentTime with the
      // end time missed it by up to a render quantum on a busy machine: the page stayed
      // "speaking" with every sample played.)
      if (this.turn.every((s) => s.counted)) this.onDrained?.();
    };
  }

  get playing() {
    return this.nextTime > this.ctx.currentTime && this.turn.length > 0;
  }

  /** Samples that have actually sounded so far (finished chunks + the one under way). */
  playedSamples() {
    const now = this.ctx.currentTime;
    let live = 0;
    for (const s of this.turn) {
      if (!s.counted && now > s.start)
        live += Math.min(s.frames, Math.floor((now - s.start) * s.rate));
    }
    return this.finishedSamples + live;
  }

  /** Stops at once (a short fade) and reports what the caller heard of this turn. */
  stop(): Heard {
    const now = this.ctx.currentTime;
    const heard = this.heardAt(now);
    this.gain.gain.setValueAtTime(this.gain.gain.value, now);
    this.gain.gain.linearRampToValueAtTime(0, now + FADE_S);
    const old = this.gain;
    for (const s of this.turn) {
      if (!s.counted) {
        s.counted = true;
        this.finishedSamples += Math.max(
          0,
          Math.min(s.frames, Math.floor((now - s.start) * s.rate)),
        );
      }
      try {
        s.source.stop(now + FADE_S);
      } catch {
        // never started: nothing to stop
      }
    }
    this.turn = [];
    setTimeout(() => old.disconnect(), 50);
    this.gain = this.ctx.createGain();
    this.gain.connect(this.output);
    this.nextTime = now;
    return heard;
  }

  private heardAt(now: number): Heard {
    let heardSamplesMs = 0;
    let current: { pieceId: number; sampleOffset: number } | null = null;
    for (const s of this.turn) {
      const played = Math.max(0, Math.min(s.frames, Math.floor((now - s.start) * s.rate)));
      heardSamplesMs += (played / s.rate) * 1000;
      if (played > 0) current = { pieceId: s.pieceId, sampleOffset: s.sampleOffset + played };
    }
    const at = current ?? { pieceId: this.turn[0]?.pieceId ?? 0, sampleOffset: 0 };
    return { ...at, heardMs: Math.round(heardSamplesMs), heardText: this.heardText(at) };
  }

  /** Whole pieces before the current one, and the current one's words in proportion. */
  private heardText(at: { pieceId: number; sampleOffset: number }) {
    const parts: string[] = [];
    for (const id of [...this.pieces.keys()].sort((a, b) => a - b)) {
      const piece = this.pieces.get(id)!;
      if (id < at.pieceId) parts.push(piece.text);
      if (id !== at.pieceId || !piece.samples) continue;
      const words = piece.text.split(/(?<=\s)/);
      const share = Math.min(1, at.sampleOffset / piece.samples);
      parts.push(words.slice(0, Math.floor(words.length * share)).join(""));
    }
    return parts.join("").replace(/\s+/g, " ").trim();
  }
}
