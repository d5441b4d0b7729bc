// The notification outbox and its delivery log. Enqueue runs in the analysis's own
// transaction; the drain claims one due event at a time under a lease (`skip locked`), and
// records an attempt only while it still holds that lease, in one transaction with the
// status change. Service-role transactions only, except the reads at the bottom (RLS).
import { sql } from "kysely";
import type { EventKind } from "@/lib/notifications/events";
import type { Tx } from "../scoped";
import type { CallKey } from "./calls";

export interface OutboxRow {
  id: string;
  event_id: string;
  kind: EventKind;
  workspace_id: string;
  campaign_id: string;
  conversation_id: string;
  conversation_started_at: Date;
  payload: unknown;
  status: "pending" | "delivering" | "delivered" | "failed";
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
}

export type Target = "webhook" | "slack" | "email";

export interface Attempt {
  target: Target;
  destination: string;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Adds the event unless it is already there (same event id): a no-op then. */
export async function enqueueEvent(
  trx: Tx,
  e: {
    eventId: string;
    kind: EventKind;
    workspaceId: string;
    campaignId: string;
    key: CallKey;
    payload: object;
  },
) {
  await trx
    .insertInto("notification_outbox")
    .values({
      event_id: e.eventId,
      kind: e.kind,
      workspace_id: e.workspaceId,
      campaign_id: e.campaignId,
      conversation_id: e.key.id,
      conversation_started_at: e.key.startedAt,
      payload: JSON.stringify(e.payload),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Claims one due event: pending and due, or delivering with a lapsed lease (runner died). */
export async function claimEvent(
  trx: Tx,
  leaseMs: number,
  only?: { eventId: string },
): Promise<OutboxRow | undefined> {
  const filter = only ? sql`and event_id = ${only.eventId}` : sql``;
  const { rows } = await sql<OutboxRow>`
    update public.notification_outbox set status = 'delivering', attempts = attempts + 1,
      locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id = (
      select id from public.notification_outbox
      where ((status = 'pending' and next_attempt_at <= now())
        or (status = 'delivering' and locked_until < now())) ${filter}
      order by next_attempt_at
      limit 1
      for update skip locked
    )
    returning *`.execute(trx);
  return rows[0];
}

/** True while `row` is still this runner's (same attempt, still delivering). Locks the row. */
export async function holdsEventLease(trx: Tx, row: OutboxRow): Promise<boolean> {
  const held = await trx
    .selectFrom("notification_outbox")
    .select("id")
    .where("id", "=", row.id)
    .where("status", "=", "delivering")
    .where("attempts", "=", row.attempts)
    .forUpdate()
    .executeTakeFirst();
  return !!held;
}

/** The targets this event has already reached (a retry skips them). */
export async function deliveredTargets(trx: Tx, outboxId: string): Promise<Set<Target>> {
  const rows = await trx
    .selectFrom("notification_deliveries")
    .select("target")
    .where("outbox_id", "=", outboxId)
    .where("ok", "=", true)
    .execute();
  return new Set(rows.map((r) => r.target as Target));
}

export async function logAttempts(trx: Tx, row: OutboxRow, attempts: Attempt[]) {
  if (attempts.length === 0) return;
  await trx
    .insertInto("notification_deliveries")
    .values(
      attempts.map((a) => ({
        outbox_id: row.id,
        event_id: row.event_id,
        workspace_id: row.workspace_id,
        campaign_id: row.campaign_id,
        target: a.target,
        destination: a.destination.slice(0, 2000),
        attempt: row.attempts,
        ok: a.ok,
        status_code: a.statusCode,
        error: a.error?.slice(0, 2000) ?? null,
        duration_ms: Math.max(0, Math.round(a.durationMs)),
      })),
    )
    .execute();
}

/**
 * Settles this attempt: delivered when nothing failed, else back to pending after `backoffMs`,
 * or failed for good once the attempts are spent.
 */
export async function settleEvent(
  trx: Tx,
  row: OutboxRow,
  error: string | null,
  backoffMs: number,
) {
  const spent = row.attempts >= row.max_attempts;
  await trx
    .updateTable("notification_outbox")
    .set(
      error === null
        ? { status: "delivered", locked_until: null, delivered_at: sql`now()`, last_error: null }
        : {
            status: spent ? "failed" : "pending",
            locked_until: null,
            next_attempt_at: sql`now() + make_interval(secs => ${backoffMs / 1000})`,
            last_error: error.slice(0, 2000),
          },
    )
    .where("id", "=", row.id)
    .where("status", "=", "delivering")
    .where("attempts", "=", row.attempts)
    .execute();
}

/** The campaign's notification settings, as the drain needs them. */
export async function settingsForDelivery(trx: Tx, campaignId: string) {
  return trx
    .selectFrom("campaign_notification_settings")
    .select(["webhook_url", "signing_secret", "slack_enabled", "email_enabled"])
    .where("campaign_id", "=", campaignId)
    .executeTakeFirst();
}

/** The emails of the workspace's owners. */
export async function ownerEmails(trx: Tx, workspaceId: string): Promise<string[]> {
  const { rows } = await sql<{ email: string }>`
    select u.email::text as email from public.workspace_members m
      join auth.users u on u.id = m.user_id
     where m.workspace_id = ${workspaceId} and m.role = 'owner' and u.email is not null
     order by u.email`.execute(trx);
  return rows.map((r) => r.email);
}

// Reads for the dashboard, in withUser: RLS shows members their own workspace's rows only.

export interface WebhookTarget {
  campaignId: string;
  campaignName: string;
  webhookUrl: string | null;
  slackEnabled: boolean;
  emailEnabled: boolean;
}

export async function listWebhookTargets(trx: Tx, workspaceId: string): Promise<WebhookTarget[]> {
  const rows = await trx
    .selectFrom("campaign_notification_settings as s")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "s.workspace_id").onRef("c.id", "=", "s.campaign_id"),
    )
    .select(["s.campaign_id", "c.name", "s.webhook_url", "s.slack_enabled", "s.email_enabled"])
    .where("s.workspace_id", "=", workspaceId)
    .orderBy("c.name")
    .execute();
  return rows.map((r) => ({
    campaignId: r.campaign_id,
    campaignName: r.name,
    webhookUrl: r.webhook_url,
    slackEnabled: r.slack_enabled,
    emailEnabled: r.email_enabled,
  }));
}

export interface DeliveryLogEntry {
  id: string;
  eventId: string;
  campaignId: string;
  campaignName: string | null;
  target: Target;
  destination: string;
  attempt: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
  /** The event's state now: a failed attempt may since have been retried. */
  eventStatus: OutboxRow["status"];
}

export async function listDeliveries(
  trx: Tx,
  workspaceId: string,
  limit = 100,
): Promise<DeliveryLogEntry[]> {
  const rows = await trx
    .selectFrom("notification_deliveries as d")
    .innerJoin("notification_outbox as o", "o.id", "d.outbox_id")
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "d.workspace_id").onRef("c.id", "=", "d.campaign_id"),
    )
    .select([
      "d.id",
      "d.event_id",
      "d.campaign_id",
      "c.name",
      "d.target",
      "d.destination",
      "d.attempt",
      "d.ok",
      "d.status_code",
      "d.error",
      "d.duration_ms",
      "d.created_at",
      "o.status",
    ])
    .where("d.workspace_id", "=", workspaceId)
    .orderBy("d.created_at", "desc")
    .orderBy("d.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    campaignId: r.campaign_id,
    campaignName: r.name,
    target: r.target as Target,
    destination: r.destination,
    attempt: r.attempt,
    ok: r.ok,
    statusCode: r.status_code,
    error: r.error,
    durationMs: r.duration_ms,
    at: r.created_at,
    eventStatus: r.status as OutboxRow["status"],
  }));
}
