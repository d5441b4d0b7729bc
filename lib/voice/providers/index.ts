// Chooses one adapter per stage from the environment: Deepgram STT or none (the transcript
// arrives with the turn), OpenAI or the scripted agent, and OpenAI / Deepgram / local TTS.
import type OpenAI from "openai";
import { env } from "@/lib/env";
import { BOUNDS } from "../engine/bounds";
import { openAiClient, openAiLlm } from "./llm/openai";
import { scriptedLlm } from "./llm/scripted";
import { deepgramStt } from "./stt/deepgram";
import { deepgramTts } from "./tts/deepgram";
import { localTts } from "./tts/local";
import { openAiTts } from "./tts/openai";
import type { LlmProvider, SttProvider, TtsProvider } from "./types";

export interface Providers {
  stt: SttProvider | null;
  llm: LlmProvider;
  tts: TtsProvider;
  /** Tried when `tts` fails in a turn (TTS_FALLBACK_PROVIDER), before speech is given up. */
  ttsFallback: TtsProvider | null;
  /** Post-call analysis with structured output, when OpenAI is configured. */
  analyst: { client: OpenAI; model: string } | null;
}

let cached: Providers | undefined;

export function getProviders(): Providers {
  if (cached) return cached;
  const e = env();
  const openai = e.enabled.openai
    ? openAiClient(e.OPENAI_API_KEY!, e.OPENAI_BASE_URL, BOUNDS.llmMs)
    : null;
  const deepgramKey = e.enabled.deepgram ? e.DEEPGRAM_API_KEY! : null;
  // env() has already refused a stage naming a vendor that is not configured.
  const stt = e.STT_PROVIDER ?? (deepgramKey ? "deepgram" : "none");
  const llm = e.LLM_PROVIDER ?? (openai ? "openai" : "scripted");
  const tts = e.TTS_PROVIDER ?? (openai ? "openai" : deepgramKey ? "deepgram" : "local");
  const ttsOf = (name: "openai" | "deepgram" | "local") =>
    name === "openai"
      ? openAiTts(openai!)
      : name === "deepgram"
        ? deepgramTts(deepgramKey!, e.DEEPGRAM_BASE_URL)
        : localTts;
  const fallback = e.TTS_FALLBACK_PROVIDER;
  cached = {
    stt: stt === "deepgram" ? deepgramStt(deepgramKey!, e.DEEPGRAM_BASE_URL) : null,
    llm: llm === "openai" ? openAiLlm(openai!, e.OPENAI_MODEL) : scriptedLlm,
    tts: ttsOf(tts),
    ttsFallback: fallback && fallback !== tts ? ttsOf(fallback) : null,
    analyst: openai && llm === "openai" ? { client: openai, model: e.OPENAI_MODEL } : null,
  };
  return cached;
}

/** For tests that switch providers by changing the environment. */
export function resetProviders() {
  cached = undefined;
}
