// Runs durable jobs: claim (lease), run, then finish or reschedule with backoff. Called after
// the response that enqueued a job, by the drain route (Vercel Cron) and by the in-process
// timer on the embedded default, so a job whose runner died is picked up again.

import type { CallKey } from "@/lib/db/queries/calls";
import { claimJob, failJob, type JobRow } from "@/lib/db/queries/jobs";
import { withServiceRole } from "@/lib/db/scoped";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import type { Providers } from "@/lib/voice/providers";
import { analyzeCallJob, LeaseLostError } from "./analyze-call";

/** How long a claimed job is the claimer's before another runner may take it over. */
export const JOB_LEASE_MS = 60_000;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_MAX_MS = 10 * 60_000;

/** 5 s, 10 s, 20 s, … capped at 10 minutes. */
export const backoffMs = (attempts: number) =>
  Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

const WHY = "durable jobs run without a signed-in user";

export type JobOutcome = "done" | "retry" | "failed" | "lost";

async function runClaimed(job: JobRow, providers: Pick<Providers, "analyst">): Promise<JobOutcome> {
  try {
    if (job.attempts > job.max_attempts) throw new Error("attempts exhausted by dead runners");
    await analyzeCallJob(job, providers);
    return "done";
  } catch (error) {
    if (error instanceof LeaseLostError) return "lost";
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ err: error, jobId: job.id, attempts: job.attempts }, "job failed");
    const spent = job.attempts >= job.max_attempts;
    if (spent)
      captureError(error, { conversationId: job.conversation_id, route: "jobs/analyze_call" });
    await withServiceRole(WHY, (trx) => failJob(trx, job, message, backoffMs(job.attempts))).catch(
      (err) => logger.warn({ err, jobId: job.id }, "could not reschedule job"),
    );
    return spent ? "failed" : "retry";
  }
}

/** Claims and runs one due job (for one conversation when `only` is given); null if none. */
export async function runNextJob(
  providers: Pick<Providers, "analyst">,
  only?: CallKey,
): Promise<JobOutcome | null> {
  const job = await withServiceRole(WHY, (trx) => claimJob(trx, JOB_LEASE_MS, only));
  return job ? runClaimed(job, providers) : null;
}

/** Runs due jobs one after another until none is left, `limit` have run, or time is up. */
export async function drainJobs(
  providers: Pick<Providers, "analyst">,
  { limit = 25, budgetMs = 40_000 } = {},
) {
  const started = Date.now();
  const counts: Record<JobOutcome, number> = { done: 0, retry: 0, failed: 0, lost: 0 };
  for (let i = 0; i < limit && Date.now() - started < budgetMs; i++) {
    const outcome = await runNextJob(providers);
    if (!outcome) break;
    counts[outcome]++;
  }
  return counts;
}
