// The one price table. Turn costs are computed from usage with it, so changing a price
// changes every future turn's recorded cost and nothing else. USD, list prices.
export const PRICES = {
  stt: {
    deepgram: { perSecond: 0.0043 / 60 }, // nova-3, pre-recorded
    none: { perSecond: 0 },
  },
  llm: {
    openai: { perInputToken: 0.15 / 1e6, perOutputToken: 0.6 / 1e6 }, // gpt-4o-mini
    scripted: { perInputToken: 0, perOutputToken: 0 },
  },
  tts: {
    openai: { perCharacter: 15 / 1e6 }, // tts-1
    deepgram: { perCharacter: 0.03 / 1000 }, // aura-2
    local: { perCharacter: 0 },
  },
} as const;

export type SttName = keyof typeof PRICES.stt;
export type LlmName = keyof typeof PRICES.llm;
export type TtsName = keyof typeof PRICES.tts;

export interface TurnUsage {
  stt: SttName;
  llm: LlmName;
  tts: TtsName;
  sttSeconds: number;
  llmInputTokens: number;
  llmOutputTokens: number;
  ttsCharacters: number;
}

export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export const priceStt = (name: SttName, seconds: number) =>
  round6(seconds * PRICES.stt[name].perSecond);

export const priceLlm = (name: LlmName, input: number, output: number) =>
  round6(input * PRICES.llm[name].perInputToken + output * PRICES.llm[name].perOutputToken);

export const priceTts = (name: TtsName, characters: number) =>
  round6(characters * PRICES.tts[name].perCharacter);

export function priceTurn(u: TurnUsage) {
  const stt = priceStt(u.stt, u.sttSeconds);
  const llm = priceLlm(u.llm, u.llmInputTokens, u.llmOutputTokens);
  const tts = priceTts(u.tts, u.ttsCharacters);
  return { stt, llm, tts, total: round6(stt + llm + tts) };
}
