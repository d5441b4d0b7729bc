// OpenAI-compatible chat completions, streamed, with the agent's tools as function calls.
// OPENAI_BASE_URL points it at any compatible server.
import OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import { chatMessages } from "@/lib/voice/agent/prompt";
import { TOOL_DEFINITIONS, type ToolCall } from "@/lib/voice/agent/tools";
import { providerFetch } from "../fetch";
import { type LlmEvent, type LlmProvider, ProviderError } from "../types";

export function openAiClient(apiKey: string, baseURL: string | undefined, timeoutMs: number) {
  // The SDK's defaults (600 s timeout, 2 retries) would hang a live call: one bounded try.
  return new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries: 0, fetch: providerFetch });
}

type PendingCall = { id: string; name: string; args: string };

function collectToolDeltas(chunk: ChatCompletionChunk, calls: Map<number, PendingCall>) {
  for (const t of chunk.choices[0]?.delta?.tool_calls ?? []) {
    const call = calls.get(t.index) ?? { id: t.id ?? `call_${t.index}`, name: "", args: "" };
    call.name += t.function?.name ?? "";
    call.args += t.function?.arguments ?? "";
    calls.set(t.index, call);
  }
}

/** Streamed arguments that do not parse as a JSON object are a fault, not a silent drop. */
function parseToolCall(call: PendingCall): ToolCall {
  try {
    const args: unknown = JSON.parse(call.args || "{}");
    if (args && typeof args === "object" && !Array.isArray(args))
      return { name: call.name as ToolCall["name"], arguments: args as Record<string, unknown> };
  } catch {}
  throw new ProviderError(
    "llm",
    `Tool call ${call.name} had invalid arguments`,
    undefined,
    "bad_tool_call",
  );
}

interface Round {
  spoke: boolean;
  calls: Map<number, PendingCall>;
}

async function* streamRound(
  client: OpenAI,
  body: OpenAI.ChatCompletionCreateParamsStreaming,
  signal: AbortSignal,
  round: Round,
): AsyncGenerator<LlmEvent> {
  const stream = await client.chat.completions.create(body, { signal });
  let finish: string | null = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice?.delta?.content) {
      round.spoke = true;
      yield { type: "text", delta: choice.delta.content };
    } else if (choice?.delta?.tool_calls) yield { type: "progress" };
    collectToolDeltas(chunk, round.calls);
    finish = choice?.finish_reason ?? finish;
    if (chunk.usage) {
      const { prompt_tokens, completion_tokens } = chunk.usage;
      yield { type: "usage", inputTokens: prompt_tokens, outputTokens: completion_tokens };
    }
  }
  // openai 6.49 ends an aborted stream quietly, as if it were complete: check both.
  if (signal.aborted) throw signal.reason;
  if (!finish)
    throw new ProviderError(
      "llm",
      "The reply stream ended before it finished",
      undefined,
      "truncated",
    );
  for (const call of round.calls.values()) yield { type: "tool_call", call: parseToolCall(call) };
}

export function openAiLlm(client: OpenAI, model: string): LlmProvider {
  return {
    name: "openai",
    async *stream({ campaignName, flow, history }, signal) {
      const messages: ChatCompletionMessageParam[] = chatMessages(campaignName, flow, history);
      try {
        // A reply that is only tool calls gets one more round, so the caller always hears something.
        for (let i = 0; i < 2; i++) {
          const round: Round = { spoke: false, calls: new Map() };
          const body = {
            model,
            messages,
            tools: TOOL_DEFINITIONS,
            stream: true as const,
            stream_options: { include_usage: true },
            temperature: 0.4,
          };
          yield* streamRound(client, body, signal, round);
          if (round.spoke || round.calls.size === 0) return;
          const toolCalls: ChatCompletionMessageToolCall[] = [...round.calls.values()].map((c) => ({
            id: c.id,
            type: "function",
            function: { name: c.name, arguments: c.args || "{}" },
          }));
          messages.push({ role: "assistant", content: null, tool_calls: toolCalls });
          for (const c of toolCalls)
            messages.push({ role: "tool", tool_call_id: c.id, content: "ok" });
        }
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        throw new ProviderError("llm", "The language model failed", error);
      }
    },
  };
}
