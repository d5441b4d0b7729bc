// Runs once when the server starts: validate the environment (a half-configured service
// stops the server with a message naming the variable) and open the embedded database
// ahead of the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  const config = env();
  if (!config.DATABASE_URL) {
    const { getDatabase } = await import("@/lib/db/client");
    const { logger } = await import("@/lib/observability/logger");
    getDatabase().catch((err) => logger.error({ err }, "embedded database failed to open"));
  }
}
