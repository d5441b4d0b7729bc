// Runs once when the server starts; the work is in instrumentation-node.ts (validate the
// environment and stop on an invalid one, start Sentry, warm the embedded database).
import type { Instrumentation } from "next";

export async function register() {
  // The block form (not an early return) lets the edge build drop the Node-only import.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
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
