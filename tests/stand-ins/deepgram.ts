// A local Deepgram: POST /v1/listen (pre-recorded transcription: the transcript comes 200 ms
// after the upload has arrived, by default), POST /v1/speak (linear16, streamed), POST
// /v1/auth/grant (temporary tokens) and the live websocket on GET /v1/listen
// (./deepgram-live.ts). Faults are armed per request with `arm("listen" | "speak" | "grant" |
// "live", fault)` (see ./faults.ts).
import type { ServerResponse } from "node:http";
import { attachDeepgramLive, LIVE_DEFAULTS, type LiveOptions, tokenStore } from "./deepgram-live";
import { answerError, armOverHttp, type Fault, faultQueue, hang, speechFault } from "./faults";
import {
  json,
  listen,
  readBody,
  type SpeechProfile,
  sleep,
  streamSpeech,
  type TimingCapture,
  tagTiming,
} from "./http";

export type DeepgramRoute = "listen" | "speak" | "grant" | "live";

export interface DeepgramStandInOptions {
  /** After the whole upload has arrived. */
  transcriptMs: number;
  transcribe: (audio: Buffer) => string;
  speech: SpeechProfile;
  /** How late a "slow" fault answers (inside the engine's bound). */
  slowMs: number;
  /** Benchmarks: record when each request arrived and answered (see http.ts). */
  timing?: TimingCapture;
  /** The live websocket's timing (see deepgram-live.ts). */
  live: LiveOptions;
}

const defaults: DeepgramStandInOptions = {
  transcriptMs: 0,
  transcribe: () => "I'd like a quote for a new kitchen.",
  speech: { firstByteMs: 0, chunkAudioMs: 100, chunkEveryMs: 0, totalAudioMs: 500 },
  slowMs: 300,
  live: LIVE_DEFAULTS,
};

function listened(transcript: string, bytes: number) {
  return {
    metadata: { request_id: "standin", duration: bytes / 32_000, channels: 1, models: ["nova-3"] },
    results: { channels: [{ alternatives: [{ transcript, confidence: 0.98, words: [] }] }] },
  };
}

/** Transcription faults that replace the answer; true when one did. */
async function listenFault(res: ServerResponse, fault: Fault | null): Promise<boolean> {
  switch (fault) {
    case "malformed":
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>gateway hiccup</html>");
      return true;
    case "empty200":
      res.writeHead(200, { "content-type": "application/json" });
      res.end();
      return true;
    case "reset":
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"metadata":{"request_id":"standin"},"results":{"chan');
      await sleep(20);
      res.socket?.destroy();
      return true;
    case "empty-result":
      json(res, 200, listened("", 0));
      return true;
    default:
      return false;
  }
}

export async function startDeepgramStandIn(options: Partial<DeepgramStandInOptions> = {}) {
  const state: DeepgramStandInOptions = { ...defaults, ...options };
  /** `at`: performance.now() when the request had arrived (tests share this clock). */
  const requests: { path: string; query: Record<string, string>; bytes: number; at: number }[] = [];
  const faults = faultQueue<DeepgramRoute>();
  const tokens = tokenStore();

  /** POST /v1/auth/grant { ttl_seconds }: a temporary token the live socket accepts. */
  function grant(res: ServerResponse, body: Buffer) {
    const fault = faults.take("grant");
    if (fault === "500" || fault === "429")
      return answerError(res, fault, { err_code: "STAND_IN", err_msg: `stand-in ${fault}` });
    if (fault === "hang") return hang(res);
    let ttl = 30;
    try {
      const parsed = body.length ? JSON.parse(body.toString()) : {};
      if (parsed.ttl_seconds !== undefined) ttl = Number(parsed.ttl_seconds);
    } catch {
      return json(res, 400, { err_code: "INVALID_JSON", err_msg: "Invalid JSON body." });
    }
    if (!Number.isFinite(ttl) || ttl < 1 || ttl > 3600)
      return json(res, 400, { err_code: "BAD_REQUEST", err_msg: "ttl_seconds: 1 to 3600" });
    json(res, 200, tokens.grant(ttl));
  }

  async function answer(res: ServerResponse, route: DeepgramRoute, body: Buffer) {
    const fault = faults.take(route);
    if (fault === "500" || fault === "429")
      return answerError(res, fault, { err_code: "STAND_IN", err_msg: `stand-in ${fault}` });
    if (fault === "hang") return hang(res);
    if (fault === "slow") await sleep(state.slowMs);
    if (route === "speak") {
      if (fault && (await speechFault(res, fault, state.speech, 24_000, "audio/l16"))) return;
      return streamSpeech(res, state.speech, 24_000, "audio/l16");
    }
    if (await listenFault(res, fault)) return;
    await sleep(state.transcriptMs);
    return json(res, 200, listened(state.transcribe(body), body.length));
  }

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const body = await readBody(req);
    tagTiming(res, body);
    requests.push({
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bytes: body.length,
      at: performance.now(),
    });
    if (req.method === "POST" && url.pathname === "/__faults")
      return armOverHttp(faults, url.pathname, JSON.parse(body.toString() || "{}"), res);
    if (req.headers.authorization !== "Token dg-stand-in")
      return json(res, 401, { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." });
    if (req.method === "POST" && url.pathname === "/v1/listen") return answer(res, "listen", body);
    if (req.method === "POST" && url.pathname === "/v1/speak") return answer(res, "speak", body);
    if (req.method === "POST" && url.pathname === "/v1/auth/grant") return grant(res, body);
    if (req.method === "GET" && url.pathname === "/v1/projects")
      return json(res, 200, { projects: [] });
    json(res, 404, { err_msg: `stand-in has no ${req.method} ${url.pathname}` });
  });
  server.captureTimings(() => state.timing);
  const live = attachDeepgramLive(server.server, {
    apiKey: "dg-stand-in",
    tokens,
    options: () => ({ ...state.live, slowMs: state.slowMs }),
    transcribe: (wav) => state.transcribe(wav),
    takeFault: () => faults.take("live"),
  });

  return {
    url: server.origin,
    apiKey: "dg-stand-in",
    requests,
    /** Every live websocket connection, in order (deepgram-live.ts). */
    liveSessions: live.sessions,
    set: (patch: Partial<DeepgramStandInOptions>) => Object.assign(state, patch),
    /** The next request(s) to `route` fail with `fault`. */
    arm: faults.arm,
    faults,
    close: async () => {
      live.close();
      await server.close();
    },
  };
}
