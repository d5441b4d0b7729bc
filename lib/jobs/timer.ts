// The embedded default has no cron: one timer per process drains due jobs (a job whose
// runner died with the previous process, or one waiting out its backoff), due notifications
// (the outbox; lib/notifications), every RETENTION_EVERY_MS the retention purge, and then the
// analytics rollup of the days that changed. On Vercel the drain route does all four instead
// (vercel.json crons).
import { refreshAnalyticsRollups } from "@/lib/db/queries/analytics";
import { env } from "@/lib/env";
import { drainNotifications } from "@/lib/notifications/deliver";
import { logger } from "@/lib/observability/logger";
import { runRetentionPurge } from "@/lib/retention/purge";
import { getProviders } from "@/lib/voice/providers";
import { drainJobs } from "./runner";

export const JOB_TIMER_MS = 15_000;
export const RETENTION_EVERY_MS = 10 * 60_000;

const state = globalThis as unknown as {
  voxlineJobTimer?: NodeJS.Timeout;
  voxlineLastPurge?: number;
};

/** The purge when it is due (first on the first tick). */
async function purgeIfDue() {
  const now = Date.now();
  if (state.voxlineLastPurge !== undefined && now - state.voxlineLastPurge < RETENTION_EVERY_MS)
    return;
  state.voxlineLastPurge = now;
  await runRetentionPurge();
}

/** Starts the timer once per process, and only on the embedded database. */
export function startJobTimer(intervalMs = JOB_TIMER_MS) {
  if (state.voxlineJobTimer || env().DATABASE_URL) return;
  let running = false;
  state.voxlineJobTimer = setInterval(() => {
    if (running) return;
    running = true;
    drainJobs(getProviders())
      .then(() => drainNotifications())
      .catch((err) => logger.warn({ err }, "job drain failed"))
      .then(purgeIfDue)
      .then(() => refreshAnalyticsRollups())
      .catch((err) => logger.warn({ err }, "analytics rollup refresh failed"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  // Never the reason the process stays up.
  state.voxlineJobTimer.unref();
}

export function stopJobTimer() {
  clearInterval(state.voxlineJobTimer);
  state.voxlineJobTimer = undefined;
  state.voxlineLastPurge = undefined;
}
