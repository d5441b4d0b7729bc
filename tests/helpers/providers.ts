// Points the app's providers at the stand-ins by setting the environment, as an operator would.
import { resetEnvCache } from "@/lib/env";
import { resetProviders } from "@/lib/voice/providers";
import type { startDeepgramStandIn } from "../stand-ins/deepgram";
import type { Fault } from "../stand-ins/faults";
import type { OpenAiRoute, startOpenAiStandIn } from "../stand-ins/openai";

export interface Combo {
  stt: "deepgram" | "none";
  llm: "openai" | "scripted";
  tts: "openai" | "deepgram" | "local";
  /** TTS_FALLBACK_PROVIDER, tried when `tts` fails. */
  ttsFallback?: "openai" | "deepgram" | "local";
}

export const ALL_COMBOS: Combo[] = (["deepgram", "none"] as const).flatMap((stt) =>
  (["openai", "scripted"] as const).flatMap((llm) =>
    (["openai", "deepgram", "local"] as const).map((tts) => ({ stt, llm, tts })),
  ),
);

const KEYS = [
  "OPENAI_API_KEY",
  "OPENAI_BASE_URL",
  "DEEPGRAM_API_KEY",
  "DEEPGRAM_BASE_URL",
  "STT_PROVIDER",
  "LLM_PROVIDER",
  "TTS_PROVIDER",
  "TTS_FALLBACK_PROVIDER",
];

export function useProviders(
  combo: Combo,
  stands: {
    openai: Awaited<ReturnType<typeof startOpenAiStandIn>>;
    deepgram: Awaited<ReturnType<typeof startDeepgramStandIn>>;
  },
) {
  for (const k of KEYS) delete process.env[k];
  const uses = (vendor: string) =>
    [combo.llm, combo.tts, combo.ttsFallback].includes(vendor as never);
  if (uses("openai")) {
    process.env.OPENAI_API_KEY = stands.openai.apiKey;
    process.env.OPENAI_BASE_URL = stands.openai.url;
  }
  if (combo.stt === "deepgram" || uses("deepgram")) {
    process.env.DEEPGRAM_API_KEY = stands.deepgram.apiKey;
    process.env.DEEPGRAM_BASE_URL = stands.deepgram.url;
  }
  process.env.STT_PROVIDER = combo.stt;
  process.env.LLM_PROVIDER = combo.llm;
  process.env.TTS_PROVIDER = combo.tts;
  if (combo.ttsFallback) process.env.TTS_FALLBACK_PROVIDER = combo.ttsFallback;
  resetEnvCache();
  resetProviders();
}

export function resetToEmbedded() {
  for (const k of KEYS) delete process.env[k];
  resetEnvCache();
  resetProviders();
}

/** An OpenAI reply hook: a short spoken answer, update_lead when the caller gives an email,
 * and for structured output an analysis built from the transcript it was sent. */
export function standInAgent(req: {
  messages: { role: string; content: string | null }[];
  response_format?: unknown;
}) {
  const last = req.messages.at(-1)?.content ?? "";
  if (req.response_format) {
    const lines = [...last.matchAll(/^\[(\d+)\] caller: (.+)$/gm)].map((m) => ({
      seq: Number(m[1]),
      text: m[2]!,
    }));
    const ids = [...last.matchAll(/^([\w-]+): .+\?$/gm)].map((m) => m[1]!);
    const email = last.match(/[\w.+-]+@[\w-]+\.[\w.]+/)?.[0] ?? null;
    return {
      json: {
        summary: `The caller gave ${lines.length} answers.`,
        urgency: "medium",
        lead: { name: null, email, phone: null, company: null },
        questions: ids.map((id, i) => ({
          id,
          answered: i < lines.length,
          qualifies: i < lines.length,
          turn_seq: lines[i]?.seq ?? null,
          quote: lines[i]?.text.split(" ").slice(0, 3).join(" ") ?? null,
        })),
      },
    };
  }
  const email = last.match(/[\w.+-]+@[\w-]+\.[\w.]+/)?.[0];
  return {
    tokens: ["Thanks,", " that", " helps.", " What", " else", " should", " I", " know?"],
    toolCalls: email ? [{ name: "update_lead", arguments: { email } }] : [],
  };
}

/** Every request to `route` fails with `fault` until the stand-in's faults are cleared. */
export function failEvery(
  openai: Awaited<ReturnType<typeof startOpenAiStandIn>>,
  route: OpenAiRoute,
  fault: Fault,
) {
  openai.faults.clear();
  openai.arm(route, fault, 1000);
}
