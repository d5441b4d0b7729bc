// The Health Check Response Format (draft-inadarei-api-health-check): a status of pass,
// warn or fail, and `checks` keyed "component:measurement". Every check is raced against a
// timeout, so a health route answers even when a dependency hangs, and a failure's output
// is built from error codes only, so no message can carry a secret or connection string.

export type HealthStatus = "pass" | "warn" | "fail";

export interface CheckResult {
  componentType?: "datastore" | "component" | "system";
  observedValue?: string | number | boolean;
  observedUnit?: string;
  status: HealthStatus;
  time: string;
  output?: string;
}

export interface HealthReport {
  status: HealthStatus;
  version: string;
  serviceId: string;
  description: string;
  checks: Record<string, CheckResult[]>;
}

/** One named measurement; `run` returns the result without `time`. */
export interface Check {
  name: string;
  componentType?: CheckResult["componentType"];
  run(signal: AbortSignal): Promise<Omit<CheckResult, "time" | "componentType">>;
}

/** Each check's budget: the routes answer within 2 s even when every check times out. */
export const CHECK_TIMEOUT_MS = 1500;

const RANK: Record<HealthStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worst(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), "pass");
}

class CheckTimeout extends Error {}

/** A failure's output, from codes only: raw messages may quote URLs or credentials. */
export function describeFailure(error: unknown): string {
  if (error instanceof CheckTimeout) return error.message;
  const e = error as { code?: unknown; status?: unknown; name?: unknown };
  if (typeof e?.code === "string" && /^[A-Z0-9_]{2,40}$/.test(e.code)) {
    // Node network errors (ECONNREFUSED…) and Postgres SQLSTATEs (28P01…)
    return /^[0-9A-Z]{5}$/.test(e.code) && /\d/.test(e.code)
      ? `database error ${e.code}`
      : `connection failed (${e.code})`;
  }
  if (typeof e?.status === "number") return `HTTP ${e.status}`;
  if (e?.name === "AbortError" || e?.name === "TimeoutError") return "timed out";
  return "check failed";
}

export async function runCheck(check: Check, timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CheckTimeout(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const base = { componentType: check.componentType };
  try {
    const result = await Promise.race([check.run(controller.signal), timeout]);
    return { ...base, ...result, time: new Date().toISOString() };
  } catch (error) {
    return {
      ...base,
      status: "fail",
      output: describeFailure(error),
      time: new Date().toISOString(),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function runChecks(checks: Check[], description: string): Promise<HealthReport> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await runCheck(c)] as const));
  const entries: Record<string, CheckResult[]> = {};
  for (const [name, result] of results) entries[name] = [result];
  return {
    status: worst(results.map(([, r]) => r.status)),
    version: "1",
    serviceId: "voxline",
    description,
    checks: entries,
  };
}

/** Milliseconds since `start`, rounded. */
export const since = (start: number) => Math.round(performance.now() - start);
