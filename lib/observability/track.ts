// Product analytics: one track() for every event. Sends to PostHog (posthog-node) when
// POSTHOG_KEY and POSTHOG_HOST are set, and is a no-op otherwise. Properties must not carry
// caller PII or secrets: ids, counts, durations and settings only.
import type { PostHog } from "posthog-node";
import { env } from "@/lib/env";
import { logger } from "./logger";

export type ProductEvent = "campaign_created" | "call_started" | "call_ended" | "lead_qualified";

export interface AnalyticsOptions {
  /** posthog-node gzips batches by default; tests read plain JSON. */
  disableCompression?: boolean;
}

let client: Promise<PostHog> | undefined;
let options: AnalyticsOptions = {};

/** For tests: reconfigure (and drop) the client, e.g. after changing the environment. */
export function configureAnalytics(next: AnalyticsOptions = {}) {
  options = next;
  client = undefined;
}

function getClient(): Promise<PostHog> {
  client ??= import("posthog-node").then(({ PostHog }) => {
    const { POSTHOG_KEY, POSTHOG_HOST } = env();
    // Serverless functions freeze after responding: send each event right away rather than
    // batching for later, and flush inside the request's `after` where there is one.
    return new PostHog(POSTHOG_KEY!, {
      host: POSTHOG_HOST,
      flushAt: 1,
      flushInterval: 0,
      disableCompression: options.disableCompression,
    });
  });
  return client;
}

export function track(
  event: ProductEvent,
  distinctId: string,
  properties: Record<string, unknown> = {},
): void {
  if (!env().enabled.posthog) return;
  const sent = getClient().then((ph) => {
    ph.capture({ distinctId, event, properties });
    return ph.flush();
  });
  sent.catch((err) => logger.warn({ err, event }, "analytics event not sent"));
  flushAfterResponse(sent);
}

// Keeps a Vercel function alive until the event is sent; outside a request (tests,
// scripts) there is no `after`, and the promise simply runs on.
function flushAfterResponse(sent: Promise<unknown>) {
  import("next/server").then(({ after }) => after(() => sent.catch(() => {}))).catch(() => {});
}

/** Sends everything queued (tests, shutdown). */
export async function flushAnalytics(): Promise<void> {
  if (client) await (await client).flush();
}

export async function shutdownAnalytics(): Promise<void> {
  if (client) await (await client).shutdown();
  client = undefined;
}
