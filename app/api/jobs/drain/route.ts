// GET|POST /api/jobs/drain — run due background jobs, notifications, the retention purge and
// the analytics rollup refresh (Vercel Cron; Bearer CRON_SECRET)
import { timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { refreshAnalyticsRollups } from "@/lib/db/queries/analytics";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { drainJobs } from "@/lib/jobs/runner";
import { drainNotifications } from "@/lib/notifications/deliver";
import { runRetentionPurge } from "@/lib/retention/purge";
import { purgePhoneAudio } from "@/lib/telephony/purge";
import { getProviders } from "@/lib/voice/providers";

export const maxDuration = 60;
const DRAIN_DEADLINE_MS = 40_000;
export const dynamic = "force-dynamic";

function authorise(req: Request) {
  const secret = env().CRON_SECRET;
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  const ok =
    !!secret &&
    given.length === secret.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(secret));
  if (!ok) throw new AppError("unauthorized", "A valid CRON_SECRET bearer token is required", 401);
}

// Vercel Cron sends GET; POST is for operators and other schedulers.
const drain = route(async (req) => {
  authorise(req);
  // One deadline well inside maxDuration: a job started just before its budget ends can run
  // its full analysis deadline (15 s), so later stages get only what is left of it. A stage
  // killed mid-send would leave its lease to lapse and the next run to send again.
  const deadline = Date.now() + DRAIN_DEADLINE_MS;
  const left = (cap: number) => Math.max(0, Math.min(cap, deadline - Date.now()));
  const ran = await drainJobs(getProviders(), { limit: 50, budgetMs: 25_000 });
  // After the jobs: the analyses they just stored may have enqueued notifications.
  const notified = await drainNotifications({ limit: 50, budgetMs: left(10_000) });
  await purgePhoneAudio();
  // Campaigns' retention periods; what is left past the budget goes on the next run.
  const purged = await runRetentionPurge({ budgetMs: left(8_000) });
  // The days those changes touched, so the analytics page has little left to recompute.
  const rolledUp = await refreshAnalyticsRollups({ budgetMs: left(5_000) });
  return NextResponse.json({ ran, notified, purged, rolledUp });
});

export const GET = drain;
export const POST = drain;
