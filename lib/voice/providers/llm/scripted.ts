// The embedded agent as an LLM provider: the scripted reply, streamed word by word so it
// takes the same path through the pipeline as a real model's tokens.
import { loadNameLexicon } from "@/lib/voice/agent/names";
import { scriptedReply } from "@/lib/voice/agent/scripted";
import type { LlmProvider } from "../types";

export const scriptedLlm: LlmProvider = {
  name: "scripted",
  async *stream({ flow, history }) {
    await loadNameLexicon();
    const reply = scriptedReply(flow, history);
    for (const word of reply.text.split(/(?<=\s)/)) yield { type: "text", delta: word };
    for (const call of reply.toolCalls) yield { type: "tool_call", call };
    yield { type: "usage", inputTokens: 0, outputTokens: 0 };
  },
};
