// The system prompt and message history for an LLM agent, built from the campaign's flow.
import type { FlowConfig } from "@/lib/validations/campaign";
import type { HistoryItem } from "./scripted";

export function systemPrompt(campaignName: string, flow: FlowConfig): string {
  const questions = flow.questions.map((q, i) => `${i + 1}. ${q.text}`).join("\n");
  const fields = flow.requiredFields.length ? flow.requiredFields.join(", ") : "none";
  return [
    flow.persona,
    `You are speaking on a live voice call for the campaign "${campaignName}". Your words are spoken aloud:`,
    "keep each reply to one or two short sentences, no lists, no markdown, no emoji.",
    "Ask these qualification questions one at a time, in order. Skip any the caller has already answered, even before being asked. If an answer is missing or unclear, ask again once, then move on. Accept a no politely and move on:",
    questions || "(no questions)",
    `Collect these contact details before ending: ${fields}. Call update_lead as soon as the caller gives or corrects any of them, with null for the fields they did not state; never ask again for one you have.`,
    `When everything is collected, or the caller wants to stop, say exactly: "${flow.closingMessage}" and call end_call.`,
  ].join("\n");
}

export type ChatMessage = { role: "system" | "user" | "assistant"; content: string };

export function chatMessages(
  campaignName: string,
  flow: FlowConfig,
  history: HistoryItem[],
): ChatMessage[] {
  return [
    { role: "system", content: systemPrompt(campaignName, flow) },
    ...history
      .filter((h) => h.text && h.role !== "system")
      .map(
        (h): ChatMessage => ({ role: h.role === "caller" ? "user" : "assistant", content: h.text }),
      ),
  ];
}
