// Voice health: the LiveKit server answers an authenticated RoomService call (when LiveKit
// is configured), and the local speech synthesizer, the fallback every call can rely on,
// produces audio.
import { RoomServiceClient } from "livekit-server-sdk";
import { env } from "@/lib/env";
import { synthesizeLocal } from "@/lib/voice/providers/tts/local";
import { CHECK_TIMEOUT_MS, type Check, since } from "./check";

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
      async run() {
        const { pcm, sampleRate } = await synthesizeLocal("Voxline health check.");
        const ms = Math.round((pcm.length / sampleRate) * 1000);
        return ms > 0
          ? { status: "pass", observedValue: ms, observedUnit: "ms" }
          : { status: "fail", observedValue: 0, observedUnit: "ms", output: "no audio produced" };
      },
    },
  ];
}
