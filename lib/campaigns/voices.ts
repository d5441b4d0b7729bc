// The voices and languages an owner can pick. Each voice is a character, mapped to the closest
// voice of every TTS backend, so a campaign sounds alike on OpenAI, Deepgram Aura and the local
// synthesizer. Neutral ground: campaign validation and the voice engine both read it.
export const VOICES = {
  nova: {
    label: "Nova — warm, female",
    openai: "nova",
    deepgram: "aura-2-thalia-en",
    local: "en-us+f3",
  },
  alloy: {
    label: "Alloy — neutral",
    openai: "alloy",
    deepgram: "aura-2-andromeda-en",
    local: "en-us",
  },
  onyx: {
    label: "Onyx — deep, male",
    openai: "onyx",
    deepgram: "aura-2-orion-en",
    local: "en-us+m3",
  },
  shimmer: {
    label: "Shimmer — bright, female",
    openai: "shimmer",
    deepgram: "aura-2-luna-en",
    local: "en-gb+f4",
  },
  echo: {
    label: "Echo — calm, male",
    openai: "echo",
    deepgram: "aura-2-arcas-en",
    local: "en-gb+m1",
  },
} as const;

export type VoiceId = keyof typeof VOICES;
export const VOICE_IDS = Object.keys(VOICES) as [VoiceId, ...VoiceId[]];

export const LANGUAGES = { "en-US": "English (US)", "en-GB": "English (UK)" } as const;
export const LANGUAGE_IDS = Object.keys(LANGUAGES) as [
  keyof typeof LANGUAGES,
  ...(keyof typeof LANGUAGES)[],
];
