// Shared bits of the vendor stand-ins: a server on a free loopback port, bodies, delays,
// and a PCM tone generator so synthesized "speech" is real, measurable audio.
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Wall-clock epoch ms with sub-ms precision, comparable across processes on one machine. */
export const clock = () => performance.timeOrigin + performance.now();

/**
 * What a stand-in saw of one request, for benchmarks that separate provider time from time
 * spent queued in the server under test: when the request arrived, when its first byte went
 * out, and (LLM) when each token was written. `tag` ties it to the caller's turn.
 */
export interface RequestTiming {
  path: string;
  tag: string | null;
  receivedAt: number;
  firstByteAt: number | null;
  /** The text the tag was found in (a prompt's last user message, the text to speak). */
  text?: string;
  tokenAt?: number[];
}

/** Turned on per stand-in: `tag` finds the turn's marker in a request's content. */
export interface TimingCapture {
  tag: (content: string | Buffer) => string | null;
  sink: (timing: RequestTiming) => void;
}

const timings = new WeakMap<ServerResponse, { timing: RequestTiming; capture: TimingCapture }>();

/** The timing record of the request `res` answers, when capture is on. */
export const timingOf = (res: ServerResponse) => timings.get(res)?.timing;

/** Ties the request `res` answers to a turn, by the marker in what it was asked (no-op when off). */
export function tagTiming(res: ServerResponse, content: string | Buffer) {
  const entry = timings.get(res);
  if (!entry) return;
  entry.timing.tag = entry.capture.tag(content);
  if (typeof content === "string") entry.timing.text = content;
}

/** Notes when an LLM token went out, so the bench knows when a speech piece was complete. */
export function stampToken(res: ServerResponse) {
  const timing = timingOf(res);
  if (!timing) return;
  timing.tokenAt ??= [];
  timing.tokenAt.push(clock());
}

function captureTiming(req: IncomingMessage, res: ServerResponse, capture: TimingCapture) {
  const timing: RequestTiming = {
    path: new URL(req.url ?? "/", "http://stand-in").pathname,
    tag: null,
    receivedAt: clock(),
    firstByteAt: null,
  };
  timings.set(res, { timing, capture });
  const { write, end } = res;
  const stamp = () => {
    timing.firstByteAt ??= clock();
  };
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    stamp();
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as ServerResponse["write"];
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    stamp();
    return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse["end"];
  res.once("close", () => {
    if (timing.tag) capture.sink(timing);
  });
}

export async function listen(handler: RequestListener) {
  let capture: (() => TimingCapture | undefined) | undefined;
  const server = createServer((req, res) => {
    const on = capture?.();
    if (on) captureTiming(req, res, on);
    return handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    /** The node server, for stand-ins that also serve websocket upgrades (deepgram-live.ts). */
    server,
    /** Turns timing capture on while `current()` returns a capture (read per request). */
    captureTimings: (current: () => TimingCapture | undefined) => {
      capture = current;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const tones = new Map<string, Buffer>();

/** `ms` of a 220 Hz tone as 16-bit mono PCM at `sampleRate` (computed once, then reused). */
export function tone(ms: number, sampleRate: number): Buffer {
  const key = `${ms}@${sampleRate}`;
  let buf = tones.get(key);
  if (!buf) {
    const n = Math.round((ms / 1000) * sampleRate);
    buf = Buffer.alloc(n * 2);
    for (let i = 0; i < n; i++)
      buf.writeInt16LE(
        Math.round(Math.sin((2 * Math.PI * 220 * i) / sampleRate) * 0.3 * 32767),
        i * 2,
      );
    tones.set(key, buf);
  }
  return buf;
}

export interface SpeechProfile {
  firstByteMs: number;
  /** Audio per chunk, and the gap between chunks. */
  chunkAudioMs: number;
  chunkEveryMs: number;
  totalAudioMs: number;
}

/** Streams a tone the way a TTS API streams speech: first byte late, then steady chunks. */
export async function streamSpeech(
  res: ServerResponse,
  p: SpeechProfile,
  sampleRate: number,
  contentType: string,
) {
  await sleep(p.firstByteMs);
  if (res.destroyed) return;
  res.writeHead(200, { "content-type": contentType });
  for (let sent = 0; sent < p.totalAudioMs && !res.destroyed; sent += p.chunkAudioMs) {
    if (sent > 0) await sleep(p.chunkEveryMs);
    res.write(tone(Math.min(p.chunkAudioMs, p.totalAudioMs - sent), sampleRate));
  }
  res.end();
}
