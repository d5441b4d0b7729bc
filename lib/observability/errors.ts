// Error reporting: one function for every server path. Reports to Sentry when SENTRY_DSN is
// set (scrubbed by lib/observability/sentry.ts), and is a no-op otherwise. Callers pass the
// conversation id so a report can be tied to a call; the request id is added from context.
import { env } from "@/lib/env";
import { requestContext } from "./context";

export interface ErrorContext {
  conversationId?: string;
  route?: string;
}

const pending = new Set<Promise<unknown>>();

async function sentry() {
  const Sentry = await import("@sentry/nextjs");
  if (!Sentry.isInitialized()) {
    const { sentryServerOptions } = await import("./sentry");
    Sentry.init(sentryServerOptions());
  }
  return Sentry;
}

export function captureError(error: unknown, context: ErrorContext = {}): void {
  if (!env().enabled.sentry) return;
  const request = requestContext();
  const conversationId = context.conversationId ?? request?.conversationId;
  const sent = sentry()
    .then((Sentry) =>
      Sentry.withScope((scope) => {
        if (conversationId) scope.setTag("conversation_id", conversationId);
        if (context.route) scope.setTag("route", context.route);
        if (request) scope.setTag("request_id", request.requestId);
        Sentry.captureException(error);
      }),
    )
    .catch(() => {}) // reporting must never take a request down with it
    .finally(() => pending.delete(sent));
  pending.add(sent);
}

/** Waits until every captured error has been handed to Sentry and sent (tests, shutdown). */
export async function flushErrors(timeoutMs = 2000): Promise<boolean> {
  await Promise.all(pending);
  if (!env().enabled.sentry) return true;
  return (await sentry()).flush(timeoutMs);
}
