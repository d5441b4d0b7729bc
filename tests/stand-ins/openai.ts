// A local OpenAI: POST /v1/chat/completions (SSE stream with text and tool-call deltas, or a
// JSON completion for structured output) and POST /v1/audio/speech (24 kHz PCM, streamed).
// Latency is set per server; faults are armed per request (a queue per route, ./faults.ts).
import type { ServerResponse } from "node:http";
import { answerError, armOverHttp, type Fault, faultQueue, hang, speechFault } from "./faults";
import {
  json,
  listen,
  readBody,
  type SpeechProfile,
  sleep,
  stampToken,
  streamSpeech,
  type TimingCapture,
  tagTiming,
} from "./http";

/** Faults are armed per request with `arm("chat" | "speech", fault)`; see ./faults.ts. */
export type OpenAiRoute = "chat" | "speech";

export interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string | null }[];
  response_format?: { type: string };
  tools?: unknown[];
}

export interface Reply {
  tokens?: string[];
  toolCalls?: { name: string; arguments: Record<string, unknown> }[];
  /** For a structured-output (non-streaming) request: the JSON to answer with. */
  json?: unknown;
}

export interface OpenAiStandInOptions {
  firstTokenMs: number;
  tokenEveryMs: number;
  reply: (req: ChatRequest) => Reply;
  speech: SpeechProfile;
  /** How late a "slow" fault answers (inside the engine's bound). */
  slowMs: number;
  /** Benchmarks: record when each request arrived and answered (see http.ts). */
  timing?: TimingCapture;
}

/** BENCH.md's reply: 40 tokens, two sentences, a comma at token 5 and a full stop at 14. */
export const BENCH_TOKENS = [
  "Thanks",
  " for",
  " calling",
  " us",
  " today,",
  " I",
  " can",
  " definitely",
  " help",
  " you",
  " with",
  " that",
  " right",
  " away.",
  " Could",
  " you",
  " tell",
  " me",
  " a",
  " little",
  " more",
  " about",
  " what",
  " you",
  " need",
  " and",
  " when",
  " you",
  " would",
  " like",
  " the",
  " work",
  " to",
  " start",
  " so",
  " we",
  " can",
  " plan",
  " it",
  " properly?",
];

export const BENCH_SPEECH: SpeechProfile = {
  firstByteMs: 80,
  chunkAudioMs: 100,
  chunkEveryMs: 10,
  totalAudioMs: 1000,
};

const defaults: OpenAiStandInOptions = {
  firstTokenMs: 0,
  tokenEveryMs: 0,
  reply: () => ({ tokens: BENCH_TOKENS }),
  speech: { firstByteMs: 0, chunkAudioMs: 100, chunkEveryMs: 0, totalAudioMs: 500 },
  slowMs: 300,
};

/** What ties a request to a caller's turn: the caller's latest words, or the text to speak. */
function turnContent(path: string, body: { input?: unknown; messages?: ChatRequest["messages"] }) {
  if (path === "/v1/audio/speech") return String(body.input ?? "");
  return body.messages?.findLast((m) => m.role === "user")?.content ?? "";
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 0, model: "stand-in", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export async function startOpenAiStandIn(options: Partial<OpenAiStandInOptions> = {}) {
  const state: OpenAiStandInOptions = { ...defaults, ...options };
  /** `at`: performance.now() when the request had arrived (tests share this clock). */
  const requests: { path: string; body: any; at: number }[] = [];

  const faults = faultQueue<OpenAiRoute>();

  function toolCallChunks(calls: NonNullable<Reply["toolCalls"]>, badArgs: boolean) {
    return calls.flatMap((call, index) => {
      const args = badArgs ? '{"email": "dana@exa' : JSON.stringify(call.arguments);
      const open = {
        index,
        id: `call_${index}`,
        type: "function",
        function: { name: call.name, arguments: "" },
      };
      // Arguments arrive in pieces, as the real API sends them.
      const pieces = (args.match(/.{1,8}/g) ?? []).map((piece) =>
        chunk({ tool_calls: [{ index, function: { arguments: piece } }] }),
      );
      return [chunk({ tool_calls: [open] }), ...pieces];
    });
  }

  function usageChunk(body: ChatRequest, completion: number) {
    const words = body.messages
      .map((m) => m.content ?? "")
      .join(" ")
      .split(/\s+/).length;
    const usage = {
      prompt_tokens: words,
      completion_tokens: completion,
      total_tokens: words + completion,
    };
    return `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 0, model: "stand-in", choices: [], usage })}\n\n`;
  }

  function completion(res: ServerResponse, body: ChatRequest, reply: Reply) {
    const content = JSON.stringify(reply.json ?? {});
    return json(res, 200, {
      id: "chatcmpl-standin",
      object: "chat.completion",
      created: 0,
      model: body.model,
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
    });
  }

  /** Faults that end the answer before any token; true when one did. */
  async function earlyChatFault(res: ServerResponse, fault: Fault | null) {
    if (fault === "500" || fault === "429") {
      answerError(res, fault, { error: { message: `stand-in: ${fault}`, type: "server_error" } });
      return true;
    }
    if (fault === "hang") return hang(res).then(() => true);
    if (fault === "empty200") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end();
      return true;
    }
    if (fault !== "headers-only" && fault !== "malformed") return false;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (fault === "malformed") res.end("data: {not json\n\n");
    else {
      res.flushHeaders();
      await hang(res);
    }
    return true;
  }

  async function chat(res: ServerResponse, body: ChatRequest) {
    const fault = faults.take("chat");
    const reply = state.reply(body);
    if (await earlyChatFault(res, fault)) return;
    if (!body.stream) return completion(res, body, reply);
    await sleep(fault === "slow" ? state.slowMs : state.firstTokenMs);
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const tokens = fault === "empty-result" ? [] : (reply.tokens ?? []);
    const cut = Math.floor(tokens.length / 2);
    for (const [i, token] of tokens.entries()) {
      if (res.destroyed) return;
      if (i > 0) await sleep(state.tokenEveryMs);
      if (fault === "stall" && i === cut) return hang(res);
      if (fault === "reset" && i === cut) return res.socket?.destroy();
      res.write(chunk(i === 0 ? { role: "assistant", content: token } : { content: token }));
      stampToken(res);
    }
    const calls =
      fault === "bad-tool-args"
        ? [{ name: "update_lead", arguments: {} }]
        : (reply.toolCalls ?? []);
    if (fault !== "empty-result")
      for (const c of toolCallChunks(calls, fault === "bad-tool-args")) res.write(c);
    res.write(chunk({}, calls.length && !tokens.length ? "tool_calls" : "stop"));
    res.write(usageChunk(body, tokens.length));
    res.end("data: [DONE]\n\n");
  }

  async function speech(res: ServerResponse) {
    const fault = faults.take("speech");
    if (fault === "500" || fault === "429")
      return answerError(res, fault, {
        error: { message: `stand-in: ${fault}`, type: "server_error" },
      });
    if (fault === "hang") return hang(res);
    if (fault === "slow") await sleep(state.slowMs);
    if (fault && (await speechFault(res, fault, state.speech, 24_000, "audio/pcm"))) return;
    return streamSpeech(res, state.speech, 24_000, "audio/pcm");
  }

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = await readBody(req);
    const body = raw.length ? JSON.parse(raw.toString()) : {};
    requests.push({ path: url.pathname, body, at: performance.now() });
    tagTiming(res, turnContent(url.pathname, body));
    if (req.method === "POST" && armOverHttp(faults, url.pathname, body, res)) return;
    if (req.headers.authorization !== "Bearer sk-stand-in") {
      return json(res, 401, {
        error: { message: "Incorrect API key provided", type: "invalid_request_error" },
      });
    }
    if (req.method === "POST" && url.pathname === "/v1/chat/completions") return chat(res, body);
    if (req.method === "POST" && url.pathname === "/v1/audio/speech") return speech(res);
    if (req.method === "GET" && url.pathname === "/v1/models")
      return json(res, 200, { object: "list", data: [{ id: "gpt-4o-mini", object: "model" }] });
    json(res, 404, { error: { message: `stand-in has no ${req.method} ${url.pathname}` } });
  });
  server.captureTimings(() => state.timing);

  return {
    url: `${server.origin}/v1`,
    apiKey: "sk-stand-in",
    requests,
    set: (patch: Partial<OpenAiStandInOptions>) => Object.assign(state, patch),
    /** The next request(s) to `route` fail with `fault`. */
    arm: faults.arm,
    faults,
    close: server.close,
  };
}
