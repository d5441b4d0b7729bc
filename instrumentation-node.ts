// The Node.js half of instrumentation.ts register(), in its own module so the edge build
// never sees process.exit: validate the environment (an invalid one stops the server, exit
// code 1, with a message naming the variable), install the server guards, start Sentry when
// SENTRY_DSN is set, and on the embedded default open the database ahead of the first request
// and start the post-call job timer.
import { enforceStartupEnv, env } from "@/lib/env";

export async function registerNode() {
  if (!enforceStartupEnv(process.env, (code) => process.exit(code))) return;
  // Before any request: stamp each one with its TCP peer (the rate-limit key a client cannot
  // forge) and answer TRACE, which Next.js cannot, with a JSON 405 (lib/http/node-server.ts).
  const { installServerGuards } = await import("@/lib/http/node-server");
  installServerGuards();
  const config = env();
  if (config.enabled.sentry) await import("./sentry.server.config");
  if (!config.DATABASE_URL) {
    const { getDatabase } = await import("@/lib/db/client");
    const { logger } = await import("@/lib/observability/logger");
    getDatabase().catch((err) => logger.error({ err }, "embedded database failed to open"));
    // No cron on the embedded default: drain post-call jobs a previous process left behind.
    const { startJobTimer } = await import("@/lib/jobs/timer");
    startJobTimer();
  }
}
