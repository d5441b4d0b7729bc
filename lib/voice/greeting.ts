// The agent's first message as audio, cached in the database per campaign version: the key
// hashes everything that changes the sound (the text, the voice settings, the TTS provider
// and its sample rate). A call start only reads the cache; synthesis happens ahead of time
// (a campaign created, updated or activated) or after the response of a start that missed,
// each bounded by the TTS deadline, so a slow or failing TTS never touches a call start.
import { createHash } from "node:crypto";
import { findGreeting, type GreetingAudio, storeGreeting } from "@/lib/db/queries/greetings";
import { type Tx, withServiceRole } from "@/lib/db/scoped";
import { runAfterResponse } from "@/lib/jobs/background";
import { logger } from "@/lib/observability/logger";
import type { VoiceSettings } from "@/lib/validations/campaign";
import { withDeadline } from "./deadline";
import { BOUNDS } from "./engine/bounds";
import { getProviders, type Providers } from "./providers";

export interface GreetingSource {
  campaignId: string;
  workspaceId: string;
  text: string;
  voice: VoiceSettings;
}

/** Only the settings that change the audio (not turn-taking or idle time). */
const voiceOf = (v: VoiceSettings): VoiceSettings => ({
  voice: v.voice,
  language: v.language,
  speed: v.speed,
});

export function greetingKey(tts: Providers["tts"], g: Pick<GreetingSource, "text" | "voice">) {
  const { voice, language, speed } = voiceOf(g.voice);
  const material = JSON.stringify([1, tts.name, tts.sampleRate, voice, language, speed, g.text]);
  return createHash("sha256").update(material).digest("hex");
}

/** The cached greeting for this campaign version, or null (the page then shows the text). */
export async function readGreeting(trx: Tx, g: GreetingSource, providers: Pick<Providers, "tts">) {
  return findGreeting(trx, g.campaignId, greetingKey(providers.tts, g));
}

export const greetingJson = (a: GreetingAudio) => ({
  format: a.format,
  sampleRate: a.sampleRate,
  data: a.pcm.toString("base64"),
});

async function synthesize(tts: Providers["tts"], g: GreetingSource): Promise<Buffer> {
  return withDeadline("greeting tts", BOUNDS.ttsMs, undefined, async (signal) => {
    const chunks: Uint8Array[] = [];
    for await (const c of tts.synthesize(g.text, voiceOf(g.voice), signal)) chunks.push(c);
    const pcm = Buffer.concat(chunks);
    // Whole 16-bit samples only; an empty answer is a failure, not a silent greeting.
    const whole = pcm.subarray(0, pcm.length - (pcm.length % 2));
    if (whole.length === 0) throw new Error("greeting synthesis returned no audio");
    return whole;
  });
}

const inFlight = new Map<string, Promise<boolean>>();

/** Synthesises and stores the greeting unless cached; false when TTS failed (logged). */
export function warmGreeting(
  g: GreetingSource,
  providers: Pick<Providers, "tts"> = getProviders(),
) {
  const cacheKey = greetingKey(providers.tts, g);
  const id = `${g.campaignId}:${cacheKey}`;
  const running = inFlight.get(id);
  if (running) return running;
  const why = "greeting audio cache, shared by every caller of the campaign";
  const work = (async () => {
    if (await withServiceRole(why, (trx) => findGreeting(trx, g.campaignId, cacheKey))) return true;
    const pcm = await synthesize(providers.tts, g);
    await withServiceRole(why, (trx) =>
      storeGreeting(trx, { ...g, cacheKey, sampleRate: providers.tts.sampleRate, pcm }),
    );
    return true;
  })()
    .catch((err) => {
      logger.warn({ err, campaignId: g.campaignId }, "greeting synthesis failed");
      return false;
    })
    .finally(() => inFlight.delete(id));
  inFlight.set(id, work);
  return work;
}

/** Warms the greeting once the current response has gone. */
export function warmGreetingLater(g: GreetingSource, providers?: Pick<Providers, "tts">) {
  runAfterResponse("greeting", () => warmGreeting(g, providers));
}
