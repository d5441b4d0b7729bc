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

export async function listen(handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
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
