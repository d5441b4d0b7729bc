// A local OpenAI: POST /v1/chat/completions (SSE stream with text and tool-call deltas, or a
// JSON completion for structured output) and POST /v1/audio/speech (24 kHz PCM, streamed).
// Latency and failure modes are set per server and can change between requests.
import type { ServerResponse } from "node:http";
import { json, listen, readBody, type SpeechProfile, sleep, streamSpeech } from "./http";

export type Failure = "500" | "429" | "slow" | "malformed" | "midstream" | null;

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
  chatFailure: Failure;
  speechFailure: Failure;
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
  chatFailure: null,
  speechFailure: null,
};

async function fail(res: ServerResponse, failure: Exclude<Failure, null>) {
  if (failure === "500")
    return json(res, 500, { error: { message: "stand-in: server error", type: "server_error" } });
  if (failure === "429")
    return json(res, 429, { error: { message: "stand-in: rate limited", type: "rate_limit" } });
  if (failure === "slow") {
    await sleep(60_000);
    return res.destroyed ? undefined : json(res, 500, { error: { message: "too late" } });
  }
  return null;
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 0, model: "stand-in", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

export async function startOpenAiStandIn(options: Partial<OpenAiStandInOptions> = {}) {
  const state: OpenAiStandInOptions = { ...defaults, ...options };
  const requests: { path: string; body: any }[] = [];

  async function chat(res: ServerResponse, body: ChatRequest) {
    if (
      state.chatFailure &&
      state.chatFailure !== "malformed" &&
      state.chatFailure !== "midstream"
    ) {
      return fail(res, state.chatFailure);
    }
    const reply = state.reply(body);
    if (!body.stream) {
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
    await sleep(state.firstTokenMs);
    if (res.destroyed) return;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (state.chatFailure === "malformed") return res.end("data: {not json\n\n");
    const tokens = reply.tokens ?? [];
    for (const [i, token] of tokens.entries()) {
      if (res.destroyed) return;
      if (i > 0) await sleep(state.tokenEveryMs);
      if (state.chatFailure === "midstream" && i === Math.floor(tokens.length / 2))
        return res.destroy();
      res.write(chunk(i === 0 ? { role: "assistant", content: token } : { content: token }));
    }
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const args = JSON.stringify(call.arguments);
      res.write(
        chunk({
          tool_calls: [
            {
              index,
              id: `call_${index}`,
              type: "function",
              function: { name: call.name, arguments: "" },
            },
          ],
        }),
      );
      // Arguments arrive in pieces, as the real API sends them.
      for (const piece of args.match(/.{1,8}/g) ?? [])
        res.write(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
    res.write(chunk({}, reply.toolCalls?.length && !tokens.length ? "tool_calls" : "stop"));
    const words = body.messages
      .map((m) => m.content ?? "")
      .join(" ")
      .split(/\s+/).length;
    res.write(
      `data: ${JSON.stringify({ id: "chatcmpl-standin", object: "chat.completion.chunk", created: 0, model: "stand-in", choices: [], usage: { prompt_tokens: words, completion_tokens: tokens.length, total_tokens: words + tokens.length } })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  }

  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = await readBody(req);
    const body = raw.length ? JSON.parse(raw.toString()) : {};
    requests.push({ path: url.pathname, body });
    if (req.headers.authorization !== "Bearer sk-stand-in") {
      return json(res, 401, {
        error: { message: "Incorrect API key provided", type: "invalid_request_error" },
      });
    }
    if (req.method === "POST" && url.pathname === "/v1/chat/completions") return chat(res, body);
    if (req.method === "POST" && url.pathname === "/v1/audio/speech") {
      if (state.speechFailure && (await fail(res, state.speechFailure)) !== null) return;
      if (state.speechFailure === "malformed") return json(res, 200, { not: "audio" });
      return streamSpeech(res, state.speech, 24_000, "audio/pcm");
    }
    if (req.method === "GET" && url.pathname === "/v1/models")
      return json(res, 200, { object: "list", data: [{ id: "gpt-4o-mini", object: "model" }] });
    json(res, 404, { error: { message: `stand-in has no ${req.method} ${url.pathname}` } });
  });

  return {
    url: `${server.origin}/v1`,
    apiKey: "sk-stand-in",
    requests,
    set: (patch: Partial<OpenAiStandInOptions>) => Object.assign(state, patch),
    close: server.close,
  };
}
