// A local Deepgram: POST /v1/listen (pre-recorded transcription: the transcript comes 200 ms
// after the upload has arrived, by default) and POST /v1/speak (linear16, streamed).
import { json, listen, readBody, type SpeechProfile, sleep, streamSpeech } from "./http";
import type { Failure } from "./openai";

export interface DeepgramStandInOptions {
  /** After the whole upload has arrived. */
  transcriptMs: number;
  transcribe: (audio: Buffer) => string;
  speech: SpeechProfile;
  listenFailure: Failure;
  speakFailure: Failure;
}

const defaults: DeepgramStandInOptions = {
  transcriptMs: 0,
  transcribe: () => "I'd like a quote for a new kitchen.",
  speech: { firstByteMs: 0, chunkAudioMs: 100, chunkEveryMs: 0, totalAudioMs: 500 },
  listenFailure: null,
  speakFailure: null,
};

export async function startDeepgramStandIn(options: Partial<DeepgramStandInOptions> = {}) {
  const state: DeepgramStandInOptions = { ...defaults, ...options };
  const requests: { path: string; query: Record<string, string>; bytes: number }[] = [];

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const body = await readBody(req);
    requests.push({
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      bytes: body.length,
    });
    if (req.headers.authorization !== "Token dg-stand-in")
      return json(res, 401, { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." });
    const failure = url.pathname === "/v1/listen" ? state.listenFailure : state.speakFailure;
    if (failure === "500")
      return json(res, 500, { err_code: "INTERNAL_SERVER_ERROR", err_msg: "stand-in failure" });
    if (failure === "429")
      return json(res, 429, { err_code: "TOO_MANY_REQUESTS", err_msg: "slow down" });
    if (failure === "slow") {
      await sleep(60_000);
      return res.destroyed ? undefined : json(res, 500, {});
    }
    if (failure === "malformed") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<html>gateway hiccup</html>");
    }
    if (req.method === "POST" && url.pathname === "/v1/listen") {
      await sleep(state.transcriptMs);
      const transcript = state.transcribe(body);
      return json(res, 200, {
        metadata: {
          request_id: "standin",
          duration: body.length / 32_000,
          channels: 1,
          models: ["nova-3"],
        },
        results: { channels: [{ alternatives: [{ transcript, confidence: 0.98, words: [] }] }] },
      });
    }
    if (req.method === "POST" && url.pathname === "/v1/speak")
      return streamSpeech(res, state.speech, 24_000, "audio/l16");
    if (req.method === "GET" && url.pathname === "/v1/projects")
      return json(res, 200, { projects: [] });
    json(res, 404, { err_msg: `stand-in has no ${req.method} ${url.pathname}` });
  });

  return {
    url: server.origin,
    apiKey: "dg-stand-in",
    requests,
    set: (patch: Partial<DeepgramStandInOptions>) => Object.assign(state, patch),
    close: server.close,
  };
}
