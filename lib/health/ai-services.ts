// AI provider health: each configured provider's cheapest authenticated endpoint answers
// (OpenAI GET /models, Deepgram GET /v1/projects). Results are cached for 30 s, so frequent
// health checks neither spend money nor use up the providers' rate limits. Unconfigured
// providers pass as "embedded": the app then uses its local fallbacks.
import { env } from "@/lib/env";
import { type Check, type CheckResult, since } from "./check";

export const AI_CACHE_MS = 30_000;

type Probe = Omit<CheckResult, "time" | "componentType">;
const cache = new Map<string, { at: number; result: Promise<Probe> }>();

/** For tests: forget cached results. */
export function clearAiHealthCache() {
  cache.clear();
}

function cached(key: string, probe: () => Promise<Probe>): Promise<Probe> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < AI_CACHE_MS) return hit.result;
  const result = probe();
  cache.set(key, { at: Date.now(), result });
  // A probe that threw (timeout, refused) is not cached: the next check retries.
  result.catch(() => cache.delete(key));
  return result;
}

async function probeHttp(url: string, headers: Record<string, string>): Promise<Probe> {
  const start = performance.now();
  // The provider answers within the check's budget or the race in runCheck fails it; this
  // timeout only stops an abandoned request from lingering.
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  await res.body?.cancel();
  const observedValue = since(start);
  if (res.ok) return { status: "pass", observedValue, observedUnit: "ms" };
  // 429: reachable and the key works, just busy right now.
  return {
    status: res.status === 429 ? "warn" : "fail",
    observedValue,
    observedUnit: "ms",
    output: `HTTP ${res.status}`,
  };
}

const embedded = async (): Promise<Probe> => ({ status: "pass", observedValue: "embedded" });

export function aiServiceChecks(): Check[] {
  const e = env();
  return [
    {
      name: "openai:responseTime",
      componentType: "component",
      run: () => {
        if (!e.enabled.openai) return embedded();
        const base = (e.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, "");
        return cached(`openai ${base}`, () =>
          probeHttp(`${base}/models`, { authorization: `Bearer ${e.OPENAI_API_KEY}` }),
        );
      },
    },
    {
      name: "deepgram:responseTime",
      componentType: "component",
      run: () => {
        if (!e.enabled.deepgram) return embedded();
        const base = (e.DEEPGRAM_BASE_URL ?? "https://api.deepgram.com").replace(/\/+$/, "");
        return cached(`deepgram ${base}`, () =>
          probeHttp(`${base}/v1/projects`, { authorization: `Token ${e.DEEPGRAM_API_KEY}` }),
        );
      },
    },
  ];
}
