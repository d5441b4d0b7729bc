// OpenAI-compatible chat completions, streamed, with the agent's tools as function calls.
// OPENAI_BASE_URL points it at any compatible server.
import OpenAI from "openai";
import type {
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import { chatMessages } from "@/lib/voice/agent/prompt";
import { TOOL_DEFINITIONS, type ToolCall } from "@/lib/voice/agent/tools";
import { type LlmProvider, ProviderError } from "../types";

export function openAiClient(apiKey: string, baseURL: string | undefined, timeoutMs: number) {
  // The SDK's defaults (600 s timeout, 2 retries) would hang a live call: one bounded try.
  return new OpenAI({ apiKey, baseURL, timeout: timeoutMs, maxRetries: 0 });
}

export function openAiLlm(client: OpenAI, model: string): LlmProvider {
  return {
    name: "openai",
    async *stream({ campaignName, flow, history }, signal) {
      const messages: ChatCompletionMessageParam[] = chatMessages(campaignName, flow, history);
      try {
        // A reply that is only tool calls gets one more round, so the caller always hears something.
        for (let round = 0; round < 2; round++) {
          const stream = await client.chat.completions.create(
            {
              model,
              messages,
              tools: TOOL_DEFINITIONS,
              stream: true,
              stream_options: { include_usage: true },
              temperature: 0.4,
            },
            { signal },
          );
          const calls = new Map<number, { id: string; name: string; args: string }>();
          let spoke = false;
          for await (const chunk of stream) {
            const delta = chunk.choices[0]?.delta;
            if (delta?.content) {
              spoke = true;
              yield { type: "text", delta: delta.content };
            }
            for (const t of delta?.tool_calls ?? []) {
              const call = calls.get(t.index) ?? {
                id: t.id ?? `call_${t.index}`,
                name: "",
                args: "",
              };
              call.name += t.function?.name ?? "";
              call.args += t.function?.arguments ?? "";
              calls.set(t.index, call);
            }
            if (chunk.usage) {
              yield {
                type: "usage",
                inputTokens: chunk.usage.prompt_tokens,
                outputTokens: chunk.usage.completion_tokens,
              };
            }
          }
          for (const call of calls.values()) {
            let args: Record<string, unknown> = {};
            try {
              args = JSON.parse(call.args || "{}");
            } catch {
              // A malformed argument string is dropped; the tool validates what it gets anyway.
            }
            yield {
              type: "tool_call",
              call: { name: call.name as ToolCall["name"], arguments: args },
            };
          }
          if (spoke || calls.size === 0) return;
          const toolCalls: ChatCompletionMessageToolCall[] = [...calls.values()].map((c) => ({
            id: c.id,
            type: "function",
            function: { name: c.name, arguments: c.args || "{}" },
          }));
          messages.push({ role: "assistant", content: null, tool_calls: toolCalls });
          for (const c of toolCalls)
            messages.push({ role: "tool", tool_call_id: c.id, content: "ok" });
        }
      } catch (error) {
        throw new ProviderError("llm", "The language model failed", error);
      }
    },
  };
}
