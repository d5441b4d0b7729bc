// Audio frames always hold whole 16-bit samples: a provider may split its stream at any byte,
// so an odd trailing byte is carried into the next frame. The first frame leaves at once; after
// it chunks are batched into frames of at least 200 ms, growing with what the piece has already
// sent (never longer than that, at most 1 s): the caller always holds at least as much audio as
// the next frame waits for, and a piece goes out in a few events instead of one every 200 ms
// (each event is a write to the caller's socket: those writes are a large part of a turn's CPU).
export class SampleFramer {
  private carry: Uint8Array | null = null;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private readonly batchBytes: number;
  /** Samples already framed in this piece: the next frame's sampleOffset. */
  samples = 0;
  private framed = 0;

  constructor(readonly sampleRate: number) {
    this.batchBytes = Math.round(sampleRate * 0.2) * 2;
  }

  /** Adds provider bytes; returns a frame when one is due. */
  push(chunk: Uint8Array): { sampleOffset: number; pcm: Uint8Array } | null {
    let bytes = chunk;
    if (this.carry) {
      bytes = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const whole = bytes.length - (bytes.length % 2);
    if (whole < bytes.length) this.carry = bytes.slice(whole);
    if (whole) {
      this.held.push(bytes.subarray(0, whole));
      this.heldBytes += whole;
    }
    const due = Math.min(Math.max(this.batchBytes, this.samples * 2), this.batchBytes * 5);
    return this.framed === 0 || this.heldBytes >= due ? this.flush() : null;
  }

  /** Whatever is held, as one frame (a lone trailing byte is not a sample and is dropped). */
  flush(): { sampleOffset: number; pcm: Uint8Array } | null {
    if (!this.heldBytes) return null;
    const pcm = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
    const frame = { sampleOffset: this.samples, pcm };
    this.samples += pcm.length / 2;
    this.framed++;
    this.held = [];
    this.heldBytes = 0;
    return frame;
  }
}
