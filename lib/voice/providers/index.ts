// Chooses one adapter per stage from the environment: Deepgram STT or none (the transcript
// arrives with the turn), OpenAI or the scripted agent, and OpenAI / Deepgram / local TTS.
import type OpenAI from "openai";
import { env } from "@/lib/env";
import { openAiClient, openAiLlm } from "./llm/openai";
import { scriptedLlm } from "./llm/scripted";
import { deepgramStt } from "./stt/deepgram";
import { deepgramTts } from "./tts/deepgram";
import { localTts } from "./tts/local";
import { openAiTts } from "./tts/openai";
import type { LlmProvider, SttProvider, TtsProvider } from "./types";

/**
 * Per-call bounds. A provider past its bound has failed, with the pipeline's defined outcome.
 * Mutable so tests can shorten them rather than wait out the real values.
 */
export const TIMEOUTS = {
  sttMs: 8_000,
  llmFirstTokenMs: 6_000,
  llmMs: 20_000,
  ttsMs: 8_000,
};

export interface Providers {
  stt: SttProvider | null;
  llm: LlmProvider;
  tts: TtsProvider;
  /** Post-call analysis with structured output, when OpenAI is configured. */
  analyst: { client: OpenAI; model: string } | null;
}

let cached: Providers | undefined;

export function getProviders(): Providers {
  if (cached) return cached;
  const e = env();
  const openai = e.enabled.openai
    ? openAiClient(e.OPENAI_API_KEY!, e.OPENAI_BASE_URL, TIMEOUTS.llmMs)
    : null;
  const deepgramKey = e.enabled.deepgram ? e.DEEPGRAM_API_KEY! : null;
  // env() has already refused a stage naming a vendor that is not configured.
  const stt = e.STT_PROVIDER ?? (deepgramKey ? "deepgram" : "none");
  const llm = e.LLM_PROVIDER ?? (openai ? "openai" : "scripted");
  const tts = e.TTS_PROVIDER ?? (openai ? "openai" : deepgramKey ? "deepgram" : "local");
  cached = {
    stt: stt === "deepgram" ? deepgramStt(deepgramKey!, e.DEEPGRAM_BASE_URL, TIMEOUTS.sttMs) : null,
    llm: llm === "openai" ? openAiLlm(openai!, e.OPENAI_MODEL) : scriptedLlm,
    tts:
      tts === "openai"
        ? openAiTts(openai!)
        : tts === "deepgram"
          ? deepgramTts(deepgramKey!, e.DEEPGRAM_BASE_URL, TIMEOUTS.ttsMs)
          : localTts,
    analyst: openai && llm === "openai" ? { client: openai, model: e.OPENAI_MODEL } : null,
  };
  return cached;
}

/** For tests that switch providers by changing the environment. */
export function resetProviders() {
  cached = undefined;
}
