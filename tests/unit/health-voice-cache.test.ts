// /api/health/voice must not run speech synthesis on every poll: the probe's result is
// shared for SYNTH_PROBE_TTL_MS, then refreshed.
import { describe, expect, it } from "vitest";
import * as voiceHealth from "@/app/api/health/voice/route";
import {
  cachedSynthesizerProbe,
  resetSynthesizerProbe,
  SYNTH_PROBE_TTL_MS,
} from "@/lib/health/voice";
import { call } from "../helpers/http";

describe("voice health synthesis probe", () => {
  it("is run once per TTL, however often the route is polled", async () => {
    resetSynthesizerProbe();
    const t0 = Date.now();
    const first = cachedSynthesizerProbe(t0);
    expect(cachedSynthesizerProbe(t0 + 1)).toBe(first);
    expect(cachedSynthesizerProbe(t0 + SYNTH_PROBE_TTL_MS - 1)).toBe(first);
    expect(await first).toMatchObject({ status: "pass", observedUnit: "ms" });
    const refreshed = cachedSynthesizerProbe(t0 + SYNTH_PROBE_TTL_MS);
    expect(refreshed).not.toBe(first);
    await refreshed;
  });

  it("answers the route's polls from one probe", async () => {
    resetSynthesizerProbe();
    await call(voiceHealth.GET, "/api/health/voice");
    const probe = cachedSynthesizerProbe();
    for (let i = 0; i < 5; i++) {
      const res = await call(voiceHealth.GET, "/api/health/voice");
      expect(res.body.checks["synthesizer:audioDuration"][0].status).toBe("pass");
    }
    expect(cachedSynthesizerProbe()).toBe(probe);
  });
});
