// Drains the notification outbox: claim one due event under a lease, send it to each of its
// campaign's targets it has not reached yet (signed webhook, Slack, owners' email), then, in
// one transaction that first checks the lease is still ours, log every attempt and settle the
// event. The lease (60 s) outlasts the sends (5 s each), so no other runner claims an event
// while its sends are in flight; a runner that still finds its lease gone records nothing,
// and a partial unique index allows one successful delivery per event and target. Failed
// targets are retried with exponential backoff, up to the event's max_attempts.
import {
  type Attempt,
  claimEvent,
  deliveredTargets,
  holdsEventLease,
  logAttempts,
  type OutboxRow,
  ownerEmails,
  settingsForDelivery,
  settleEvent,
} from "@/lib/db/queries/notifications";
import { withServiceRole } from "@/lib/db/scoped";
import { logger } from "@/lib/observability/logger";
import { notificationConfig } from "./config";
import { sendOwnerEmail } from "./email";
import { leadQualifiedSchema } from "./events";
import { sendSlack } from "./slack";
import { sendWebhook } from "./webhook";

export const NOTIFY_LEASE_MS = 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/** 30 s, 1 min, 2 min, … capped at an hour. */
export const notifyBackoffMs = (attempts: number) =>
  Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));

const WHY = "notification delivery runs without a signed-in user";

export type DeliveryOutcome = "delivered" | "retry" | "failed" | "lost";

async function sendAll(row: OutboxRow): Promise<Attempt[]> {
  const config = notificationConfig();
  const event = leadQualifiedSchema.parse(row.payload);
  const { settings, done, owners } = await withServiceRole(WHY, async (trx) => ({
    settings: await settingsForDelivery(trx, row.campaign_id),
    done: await deliveredTargets(trx, row.id),
    owners: config.smtp ? await ownerEmails(trx, row.workspace_id) : [],
  }));
  const body = JSON.stringify(event);
  const sends: Promise<Attempt>[] = [];
  if (settings?.webhook_url && !done.has("webhook"))
    sends.push(
      sendWebhook(
        settings.webhook_url,
        settings.signing_secret,
        row.event_id,
        body,
        config.production,
      ),
    );
  if (config.slackWebhookUrl && settings?.slack_enabled && !done.has("slack"))
    sends.push(sendSlack(config.slackWebhookUrl, event));
  if (config.smtp && owners.length && (settings?.email_enabled ?? true) && !done.has("email"))
    sends.push(sendOwnerEmail(config.smtp, owners, event));
  return Promise.all(sends);
}

async function deliverClaimed(row: OutboxRow): Promise<DeliveryOutcome> {
  let attempts: Attempt[];
  let error: string | null;
  try {
    attempts = await sendAll(row);
    const failed = attempts.filter((a) => !a.ok);
    error = failed.length ? failed.map((a) => `${a.target}: ${a.error}`).join("; ") : null;
  } catch (err) {
    attempts = [];
    error = err instanceof Error ? err.message : String(err);
  }
  const outcome = await withServiceRole(WHY, async (trx) => {
    if (!(await holdsEventLease(trx, row))) return "lost" as const;
    await logAttempts(trx, row, attempts);
    await settleEvent(trx, row, error, notifyBackoffMs(row.attempts));
    if (error === null) return "delivered" as const;
    return row.attempts >= row.max_attempts ? ("failed" as const) : ("retry" as const);
  });
  if (outcome === "lost") logger.warn({ eventId: row.event_id }, "notification lease lost");
  else if (error)
    logger.warn({ eventId: row.event_id, attempt: row.attempts, error }, "notification failed");
  return outcome;
}

/** Claims and delivers one due event (only `eventId` when given); null when none is due. */
export async function deliverNextEvent(only?: {
  eventId: string;
}): Promise<DeliveryOutcome | null> {
  const row = await withServiceRole(WHY, (trx) => claimEvent(trx, NOTIFY_LEASE_MS, only));
  return row ? deliverClaimed(row) : null;
}

/** Delivers due events one after another until none is left, `limit` ran, or time is up. */
export async function drainNotifications({ limit = 25, budgetMs = 20_000 } = {}) {
  const started = Date.now();
  const counts: Record<DeliveryOutcome, number> = { delivered: 0, retry: 0, failed: 0, lost: 0 };
  for (let i = 0; i < limit && Date.now() - started < budgetMs; i++) {
    const outcome = await deliverNextEvent();
    if (!outcome) break;
    counts[outcome]++;
  }
  return counts;
}
