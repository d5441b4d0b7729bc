// One HTTP POST with a hard deadline (setTimeout + AbortController: AbortSignal.timeout can
// lose its timer on Node 20, FACTS.md) and no redirects (a redirect could lead a checked URL
// to an internal one). Answers an attempt for the delivery log; never throws.
import type { Attempt, Target } from "@/lib/db/queries/notifications";

export const DELIVERY_TIMEOUT_MS = 5_000;

export async function postJson(
  target: Target,
  url: string,
  body: string,
  headers: Record<string, string>,
  destination = url,
  timeoutMs = DELIVERY_TIMEOUT_MS,
): Promise<Attempt> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const attempt = (ok: boolean, statusCode: number | null, error: string | null): Attempt => ({
    target,
    destination,
    ok,
    statusCode,
    error,
    durationMs: performance.now() - started,
  });
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Voxline-Webhooks/1",
        ...headers,
      },
      body,
      redirect: "manual",
      signal: controller.signal,
    });
    // The body is not ours to keep; drain it so the connection can be reused.
    await res.body?.cancel().catch(() => undefined);
    return res.ok
      ? attempt(true, res.status, null)
      : attempt(false, res.status, `The receiver answered ${res.status}`);
  } catch (error) {
    const message = controller.signal.aborted
      ? `No answer within ${timeoutMs / 1000} s`
      : error instanceof Error
        ? ((error.cause as Error | undefined)?.message ?? error.message)
        : String(error);
    return attempt(false, null, message);
  } finally {
    clearTimeout(timer);
  }
}
