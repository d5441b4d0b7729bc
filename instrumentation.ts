// Runs once when the server starts: validate the environment (a half-configured service
// stops the server with a message naming the variable), start Sentry when SENTRY_DSN is
// set, and open the embedded database ahead of the first request.
import type { Instrumentation } from "next";

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const config = env();
  if (config.enabled.sentry) await import("./sentry.server.config");
  if (!config.DATABASE_URL) {
    const { getDatabase } = await import("@/lib/db/client");
    const { logger } = await import("@/lib/observability/logger");
    getDatabase().catch((err) => logger.error({ err }, "embedded database failed to open"));
  }
}

// Errors Next.js catches itself (server components, route handlers, server actions): sent
// to Sentry with the request's route, when Sentry is on.
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env().enabled.sentry) return;
  const Sentry = await import("@sentry/nextjs");
  if (!Sentry.isInitialized()) await import("./sentry.server.config");
  Sentry.captureRequestError(error, request, context);
};
