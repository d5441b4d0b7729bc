// The agent stage: the LLM's reply under its bounds (first token, stall between tokens, the
// whole reply), cut into speech pieces for the speaker as it streams. Tool calls are validated
// and applied as they arrive. An empty reply is a fault, not silence; so is a stream that
// ends because a bound fired (openai 6.49 ends an aborted stream quietly).
import type { HistoryItem } from "../agent/scripted";
import { runTool, type ToolCall } from "../agent/tools";
import { SpeechChunker } from "../chunker";
import { deadline, watchdog } from "../deadline";
import { BOUNDS } from "./bounds";
import { since, type TurnContext } from "./context";
import { classifyFault, TurnFault } from "./faults";
import type { Speaker } from "./speaker";

function historyFor(ctx: TurnContext, callerText: string): HistoryItem[] {
  return [
    ...ctx.call.turns.filter((t) => t.text.trim()).map((t) => ({ role: t.role, text: t.text })),
    { role: "caller", text: callerText },
  ];
}

function applyTool(ctx: TurnContext, call: ToolCall) {
  const effect = runTool(call);
  if (!effect) return; // arguments that parse but fail the tool's schema: ignored
  ctx.state.toolCalls.push(call);
  ctx.emit({ type: "tool_call", name: call.name, arguments: call.arguments });
  if (effect.kind === "end_call") ctx.state.endReason = effect.reason;
}

export async function runAgent(
  ctx: TurnContext,
  callerText: string,
  speaker: Speaker,
  stop: AbortSignal,
) {
  const { state, call } = ctx;
  const started = performance.now();
  const stage = deadline("llm", BOUNDS.llmMs, stop);
  const bound = watchdog("llm", BOUNDS.llmFirstTokenMs, BOUNDS.llmStallMs, stage.signal);
  const chunker = new SpeechChunker();
  const input = {
    campaignName: call.campaign_name,
    flow: call.flow,
    history: historyFor(ctx, callerText),
  };
  let spoke = false;
  try {
    for await (const event of ctx.providers.llm.stream(input, bound.signal)) {
      bound.touch();
      if (event.type === "text") {
        state.marks.llmFirstTokenMs ??= since(started);
        spoke ||= event.delta.trim().length > 0;
        for (const piece of chunker.push(event.delta)) {
          state.marks.llmFirstChunkMs ??= since(started);
          speaker.say(piece);
        }
      } else if (event.type === "tool_call") applyTool(ctx, event.call);
      else if (event.type === "usage") {
        state.llmInputTokens += event.inputTokens;
        state.llmOutputTokens += event.outputTokens;
      }
    }
    if (bound.signal.aborted) throw bound.signal.reason;
    const rest = chunker.flush();
    if (rest) {
      state.marks.llmFirstChunkMs ??= since(started);
      speaker.say(rest);
    }
    if (!spoke) throw new TurnFault("llm", "empty");
  } catch (error) {
    // A hang-up is not a fault, and a TTS fault has already stopped this stage and spoken.
    if (ctx.hangup.aborted || state.fault) return;
    speaker.fail(classifyFault("llm", error, bound.signal));
  } finally {
    bound.clear();
    stage.clear();
  }
}
