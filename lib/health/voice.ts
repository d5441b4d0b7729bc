// Voice health: the LiveKit server answers an authenticated RoomService call (when LiveKit
// is configured), and the local speech synthesizer, the fallback every call can rely on,
// produces audio. The synthesis probe is cached for SYNTH_PROBE_TTL_MS: a health route polled
// every few seconds must not spin up a speech synthesizer (a fresh WASM instance) each time.
import { RoomServiceClient } from "livekit-server-sdk";
import { env } from "@/lib/env";
import { telephonyCheck } from "@/lib/telephony/health";
import { synthesizeLocal } from "@/lib/voice/providers/tts/local";
import { CHECK_TIMEOUT_MS, type Check, since } from "./check";

export const SYNTH_PROBE_TTL_MS = 30_000;

type ProbeResult = Awaited<ReturnType<Check["run"]>>;
let probe: { at: number; result: Promise<ProbeResult> } | undefined;

async function probeSynthesizer(): Promise<ProbeResult> {
  const { pcm, sampleRate } = await synthesizeLocal("Voxline health check.");
  const ms = Math.round((pcm.length / sampleRate) * 1000);
  return ms > 0
    ? { status: "pass", observedValue: ms, observedUnit: "ms" }
    : { status: "fail", observedValue: 0, observedUnit: "ms", output: "no audio produced" };
}

/** The last probe's result while it is fresh (a failure too); concurrent callers share one. */
export function cachedSynthesizerProbe(now = Date.now()): Promise<ProbeResult> {
  if (!probe || now - probe.at >= SYNTH_PROBE_TTL_MS) {
    probe = { at: now, result: probeSynthesizer() };
  }
  return probe.result;
}

/** For tests. */
export function resetSynthesizerProbe() {
  probe = undefined;
}

export function voiceChecks(): Check[] {
  return [
    {
      name: "livekit:responseTime",
      componentType: "component",
      async run() {
        const e = env();
        if (!e.enabled.livekit) return { status: "pass", observedValue: "not configured" };
        const rooms = new RoomServiceClient(
          e.LIVEKIT_URL!,
          e.LIVEKIT_API_KEY,
          e.LIVEKIT_API_SECRET,
          {
            requestTimeout: Math.ceil(CHECK_TIMEOUT_MS / 1000),
          },
        );
        const start = performance.now();
        await rooms.listRooms();
        return { status: "pass", observedValue: since(start), observedUnit: "ms" };
      },
    },
    {
      name: "synthesizer:audioDuration",
      componentType: "component",
      run: () => cachedSynthesizerProbe(),
    },
    telephonyCheck,
  ];
}
