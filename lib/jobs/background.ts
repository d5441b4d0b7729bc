// Work that must not hold up the response: handed to Next's after(), which runs it once the
// response has gone and keeps a Vercel function alive until it settles. Outside a request
// (a timer, a script, a route handler called directly in a test) it simply starts now.
import { after } from "next/server";
import { logger } from "@/lib/observability/logger";

const pending = new Set<Promise<void>>();

export function runAfterResponse(label: string, fn: () => Promise<unknown>) {
  const run = () => {
    const work = fn()
      .then(() => undefined)
      .catch((err) => logger.warn({ err, label }, "background work failed"))
      .finally(() => pending.delete(work));
    pending.add(work);
    return work;
  };
  try {
    after(run);
  } catch {
    // No request scope to attach to: nothing will wait for it, so just start it.
    void run();
  }
}

/** Resolves once every background task started so far (and any they start) has settled. */
export async function settleBackground() {
  while (pending.size > 0) await Promise.all([...pending]);
}
