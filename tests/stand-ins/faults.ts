// Faults armed per stage: each request to a route takes the next fault queued for it (or
// none), so a test can fail exactly one provider call (the LLM's, the second TTS piece's...)
// and leave the rest of the turn normal. Armed from the test process, or over HTTP with
// POST /__faults { route, fault, count } for a stand-in driven from another process.
import type { ServerResponse } from "node:http";
import { json, type SpeechProfile, sleep, tone } from "./http";

export type Fault =
  /** HTTP 500 with the vendor's error body. */
  | "500"
  /** HTTP 429 with Retry-After. */
  | "429"
  /** No answer at all (the request hangs until the client gives up). */
  | "hang"
  /** Answers normally after `slowMs`: slow but inside its bound. */
  | "slow"
  /** 200 whose body does not parse as the vendor's format. */
  | "malformed"
  /** 200, part of the body, then the connection is reset. */
  | "reset"
  /** 200 with an empty body. */
  | "empty200"
  /** A well-formed answer with nothing in it (no transcript, no tokens, no audio). */
  | "empty-result"
  /** LLM: 200 headers, then nothing. */
  | "headers-only"
  /** LLM: some tokens, then nothing; TTS: some audio, then nothing. */
  | "stall"
  /** LLM: a tool call whose streamed arguments are not valid JSON. */
  | "bad-tool-args"
  /** TTS: 200 text/html page. */
  | "non-audio"
  /** TTS: audio split at odd byte offsets (valid; must come out as whole samples). */
  | "odd-split";

export function faultQueue<R extends string>() {
  const queues = new Map<R, Fault[]>();
  return {
    arm(route: R, fault: Fault, count = 1) {
      const q = queues.get(route) ?? [];
      for (let i = 0; i < count; i++) q.push(fault);
      queues.set(route, q);
    },
    take(route: R): Fault | null {
      return queues.get(route)?.shift() ?? null;
    },
    clear() {
      queues.clear();
    },
    pending(route: R) {
      return queues.get(route)?.length ?? 0;
    },
  };
}

export type FaultQueue<R extends string> = ReturnType<typeof faultQueue<R>>;

/** Handles POST /__faults; true when the request was for it. */
export function armOverHttp<R extends string>(
  queue: FaultQueue<R>,
  path: string,
  body: { route?: R; fault?: Fault; count?: number; clear?: boolean },
  res: ServerResponse,
): boolean {
  if (path !== "/__faults") return false;
  if (body.clear) queue.clear();
  else if (body.route && body.fault) queue.arm(body.route, body.fault, body.count ?? 1);
  json(res, 200, { ok: true });
  return true;
}

/** Waits until the client goes away: a provider that never answers. */
export async function hang(res: ServerResponse) {
  if (res.destroyed || res.socket?.destroyed) return;
  await new Promise<void>((resolve) => res.once("close", () => resolve()));
}

/** The vendor's error answers: status, body and, for 429, Retry-After. */
export function answerError(res: ServerResponse, fault: "500" | "429", body: unknown) {
  res.writeHead(fault === "500" ? 500 : 429, {
    "content-type": "application/json",
    ...(fault === "429" ? { "retry-after": "2" } : {}),
  });
  res.end(JSON.stringify(body));
}

/**
 * A TTS answer with `fault` applied (null = normal). Returns false when the fault is not a
 * speech fault, so the caller answers normally.
 */
export async function speechFault(
  res: ServerResponse,
  fault: Fault,
  p: SpeechProfile,
  sampleRate: number,
  contentType: string,
): Promise<boolean> {
  const audio = tone(p.totalAudioMs, sampleRate);
  switch (fault) {
    case "malformed": // an error document behind an audio content type: the bytes are checked
      res.writeHead(200, { "content-type": contentType });
      res.end(JSON.stringify({ error: { message: "stand-in: not audio" } }));
      return true;
    case "non-audio":
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>");
      return true;
    case "empty200":
      res.writeHead(200);
      res.end();
      return true;
    case "empty-result":
      res.writeHead(200, { "content-type": contentType });
      res.end();
      return true;
    case "reset":
    case "stall":
      res.writeHead(200, { "content-type": contentType });
      res.write(audio.subarray(0, Math.round(sampleRate * 0.1) * 2));
      if (fault === "reset") {
        await sleep(20);
        res.socket?.destroy();
      } else await hang(res);
      return true;
    case "odd-split": {
      res.writeHead(200, { "content-type": contentType });
      for (let at = 0; at < audio.length && !res.destroyed; at += 333)
        res.write(audio.subarray(at, at + 333));
      res.end();
      return true;
    }
    default:
      return false;
  }
}
