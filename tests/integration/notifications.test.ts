// Notifications on a qualified lead, on each database: the campaign's threshold decides, the
// event is enqueued with the analysis and delivered once (re-runs, replays and concurrent
// drains included), signed as the README documents, retried and logged, to a webhook, Slack
// and the owners' email (local stand-ins), and each workspace sees only its own log.
import { createHmac, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import * as drainRoute from "@/app/api/jobs/drain/route";
import type { CallKey } from "@/lib/db/queries/calls";
import { enqueueJob } from "@/lib/db/queries/jobs";
import { withServiceRole, withUser } from "@/lib/db/scoped";
import { resetEnvCache } from "@/lib/env";
import { runNextJob } from "@/lib/jobs/runner";
import { deliverNextEvent, drainNotifications } from "@/lib/notifications/deliver";
import { eventIdFor } from "@/lib/notifications/events";
import { getWebhookOverview } from "@/lib/notifications/log";
import {
  getNotificationSettings,
  rotateSigningSecret,
  saveNotificationSettings,
} from "@/lib/notifications/settings";
import { getProviders } from "@/lib/voice/providers";
import { describeEachDatabase } from "../helpers/db";
import {
  createCampaignFor,
  createConversation,
  createUser,
  createWorkspace,
  type TestUser,
} from "../helpers/factories";
import { call } from "../helpers/http";
import { resetToEmbedded } from "../helpers/providers";
import { decodeQuotedPrintable, startSmtpStandIn } from "../stand-ins/smtp";
import { startWebhookReceiver } from "../stand-ins/webhook-receiver";

const APP_URL = "https://app.voxline.test";
const CRON_SECRET = "cron-secret-for-the-notification-tests";
const ENV = ["APP_URL", "SLACK_WEBHOOK_URL", "SMTP_URL", "SMTP_FROM", "CRON_SECRET"];

// The README's verification snippet, as a receiver would paste it.
function verifyVoxline(secret: string, header: string, rawBody: string, toleranceSeconds = 300) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describeEachDatabase("notifications on a qualified lead", ({ db }) => {
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let slack: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let owner: TestUser;

  /** A campaign of `user` scoring the share of [email, phone] a caller gave. */
  const campaignWith = (user: TestUser, qualifyThreshold?: number, workspaceId = user.id) =>
    createCampaignFor(
      user,
      {
        flowConfig: {
          persona: "You are a friendly assistant for a kitchen remodeler.",
          firstMessage: "Hi!",
          questions: [],
          requiredFields: ["email", "phone"],
          closingMessage: "Bye!",
          ...(qualifyThreshold ? { qualifyThreshold } : {}),
        },
      },
      workspaceId,
    );

  /** A call in which the caller gives their email (score 50) or email and phone (100), its
   * analysis run as the job runner runs it. */
  async function analysedCall(campaign: { id: string }, workspaceId: string, full = true) {
    const conversation = await createConversation(db(), { id: workspaceId }, campaign.id);
    const key: CallKey = { id: conversation.id, startedAt: conversation.started_at };
    const said = full
      ? "I'm Ann Lee, ann@example.com, call me on +1 415 555 0123"
      : "I'm Ann Lee, write to ann@example.com";
    // The agent records what it heard with update_lead, as the live agent does.
    const lead = {
      name: "Ann Lee",
      email: "ann@example.com",
      ...(full ? { phone: "+14155550123" } : {}),
    };
    await withServiceRole(
      "test call",
      async (trx) => {
        await trx
          .insertInto("turns")
          .values(
            [
              { seq: 0, role: "agent", text: "How can we reach you?", tool_calls: null },
              { seq: 1, role: "caller", text: said, tool_calls: null },
              {
                seq: 2,
                role: "agent",
                text: "Thanks, Ann!",
                tool_calls: JSON.stringify([{ name: "update_lead", arguments: lead }]),
              },
            ].map((t) => ({
              ...t,
              workspace_id: workspaceId,
              conversation_id: key.id,
              conversation_started_at: key.startedAt,
            })),
          )
          .execute();
        await trx
          .updateTable("conversations")
          .set({ status: "ended" })
          .where("id", "=", key.id)
          .execute();
        await enqueueJob(trx, "analyze_call", workspaceId, key);
      },
      db(),
    );
    expect(await runNextJob(getProviders(), key)).toBe("done");
    return key;
  }

  const outboxOf = (key: CallKey) =>
    db()
      .selectFrom("notification_outbox")
      .selectAll()
      .where("conversation_id", "=", key.id)
      .execute();
  const logOf = (eventId: string) =>
    db()
      .selectFrom("notification_deliveries")
      .selectAll()
      .where("event_id", "=", eventId)
      .orderBy("created_at")
      .orderBy("attempt")
      .execute();
  /** Makes a waiting retry due now, instead of after its backoff. */
  const dueNow = (eventId: string) =>
    sql`update public.notification_outbox set next_attempt_at = now()
      where event_id = ${eventId}`.execute(db());
  const hooksFor = (eventId: string) =>
    receiver.requests.filter((r) => r.headers["x-voxline-event-id"] === eventId);
  const save = (user: TestUser, campaignId: string, settings: Record<string, unknown>) =>
    saveNotificationSettings(user.claims, {
      campaignId,
      settings: { slackEnabled: false, emailEnabled: false, ...settings },
    });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    slack = await startWebhookReceiver();
    smtp = await startSmtpStandIn();
    resetToEmbedded();
    Object.assign(process.env, {
      APP_URL,
      SLACK_WEBHOOK_URL: slack.url("/services/T000/B000/XXXX"),
      SMTP_URL: smtp.url,
      SMTP_FROM: "Voxline <leads@voxline.test>",
      CRON_SECRET,
    });
    resetEnvCache();
    owner = await createUser(db());
  });
  beforeEach(async () => {
    // Events an earlier case left due (a campaign with no targets) are settled first.
    await drainNotifications();
    receiver.reset();
    slack.reset();
    smtp.mails.length = 0;
  });
  afterAll(async () => {
    for (const k of ENV) delete process.env[k];
    resetEnvCache();
    await Promise.all([receiver?.close(), slack?.close(), smtp?.close()]);
  });

  it("signs the webhook as the README documents and carries the lead, score and link", async () => {
    const campaign = await campaignWith(owner);
    const settings = await save(owner, campaign.id, { webhookUrl: receiver.url() });
    expect(settings.signingSecret).toMatch(/^whsec_/);
    // The analysis job makes the first attempt itself, right after storing the lead.
    const key = await analysedCall(campaign, owner.id);
    const eventId = eventIdFor("lead.qualified", key.id);
    expect((await outboxOf(key))[0]).toMatchObject({ status: "delivered", attempts: 1 });

    const [hook, ...more] = hooksFor(eventId);
    expect(more).toHaveLength(0);
    expect(hook!.headers["content-type"]).toBe("application/json");
    const signature = String(hook!.headers["x-voxline-signature"]);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyVoxline(settings.signingSecret, signature, hook!.body)).toBe(true);
    expect(verifyVoxline(settings.signingSecret, signature, `${hook!.body} `)).toBe(false);
    expect(verifyVoxline("whsec_another", signature, hook!.body)).toBe(false);

    const body = JSON.parse(hook!.body);
    expect(body).toMatchObject({
      id: eventId,
      type: "lead.qualified",
      workspaceId: owner.id,
      campaign: { id: campaign.id, name: campaign.name, qualifyThreshold: 60 },
      conversation: { id: key.id, url: `${APP_URL}/conversations/${key.id}` },
      lead: { email: "ann@example.com", score: 100, status: "qualified" },
    });
    const [entry, ...others] = await logOf(eventId);
    expect(others).toHaveLength(0);
    expect(entry).toMatchObject({
      target: "webhook",
      destination: receiver.url(),
      attempt: 1,
      ok: true,
      status_code: 200,
    });
  });

  it("uses the campaign's threshold: 50 qualifies at 50, not at the default 60", async () => {
    const strict = await campaignWith(owner);
    const lenient = await campaignWith(owner, 50);
    const missed = await analysedCall(strict, owner.id, false);
    const made = await analysedCall(lenient, owner.id, false);
    expect(await outboxOf(missed)).toHaveLength(0);
    expect(await outboxOf(made)).toHaveLength(1);
    const statuses = await db()
      .selectFrom("leads")
      .select(["conversation_id", "status", "qualification_score"])
      .where("conversation_id", "in", [missed.id, made.id])
      .execute();
    const byId = Object.fromEntries(statuses.map((s) => [s.conversation_id, s]));
    expect(byId[missed.id]).toMatchObject({ status: "new" });
    expect(Number(byId[missed.id]!.qualification_score)).toBe(50);
    expect(byId[made.id]).toMatchObject({ status: "qualified" });
  });

  it("retries a failing receiver with backoff and logs every attempt", async () => {
    const campaign = await campaignWith(owner);
    await save(owner, campaign.id, { webhookUrl: receiver.url("/flaky") });
    receiver.answer(500);
    const key = await analysedCall(campaign, owner.id); // its first attempt gets the 500
    const eventId = eventIdFor("lead.qualified", key.id);

    let [row] = await outboxOf(key);
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row!.last_error).toMatch(/500/);
    expect(row!.next_attempt_at.getTime()).toBeGreaterThan(row!.updated_at.getTime());
    // Not due yet: a drain leaves it alone.
    expect(await deliverNextEvent({ eventId })).toBeNull();

    await dueNow(eventId);
    expect(await deliverNextEvent({ eventId })).toBe("delivered");
    [row] = await outboxOf(key);
    expect(row).toMatchObject({ status: "delivered", attempts: 2 });
    expect(hooksFor(eventId)).toHaveLength(2);
    expect((await logOf(eventId)).map((l) => [l.attempt, l.ok, l.status_code, !!l.error])).toEqual([
      [1, false, 500, true],
      [2, true, 200, false],
    ]);
  });

  it("gives up after the event's attempts are spent", async () => {
    const campaign = await campaignWith(owner);
    await save(owner, campaign.id, { webhookUrl: receiver.url("/down") });
    receiver.answer(503, 503, 503);
    const key = await analysedCall(campaign, owner.id);
    const eventId = eventIdFor("lead.qualified", key.id);
    await sql`update public.notification_outbox set max_attempts = 3 where event_id = ${eventId}`.execute(
      db(),
    );
    await dueNow(eventId);
    expect(await deliverNextEvent({ eventId })).toBe("retry");
    await dueNow(eventId);
    expect(await deliverNextEvent({ eventId })).toBe("failed");
    expect((await outboxOf(key))[0]).toMatchObject({ status: "failed", attempts: 3 });
    expect(await logOf(eventId)).toHaveLength(3);
    // Spent: no drain picks it up again.
    await dueNow(eventId);
    expect(await deliverNextEvent({ eventId })).toBeNull();
  });

  it("delivers once when the analysis is re-run and the event replayed", async () => {
    const campaign = await campaignWith(owner);
    await save(owner, campaign.id, { webhookUrl: receiver.url() });
    const key = await analysedCall(campaign, owner.id);
    const eventId = eventIdFor("lead.qualified", key.id);
    expect(hooksFor(eventId)).toHaveLength(1);
    // The analysis runs again (a job put back by an operator): same event, not a new one.
    await sql`update public.jobs set status = 'pending', run_after = now()
      where conversation_id = ${key.id}`.execute(db());
    expect(await runNextJob(getProviders(), key)).toBe("done");
    expect(await outboxOf(key)).toHaveLength(1);
    // A replay of the drain finds nothing due; the delivered event is not claimable.
    expect(await drainNotifications()).toMatchObject({ delivered: 0 });
    expect(await deliverNextEvent({ eventId })).toBeNull();
    expect(hooksFor(eventId)).toHaveLength(1);
    expect(await logOf(eventId)).toHaveLength(1);
  });

  it("delivers once when drains race", async () => {
    const campaign = await campaignWith(owner);
    await save(owner, campaign.id, { webhookUrl: receiver.url("/slow") });
    receiver.answer(500);
    const key = await analysedCall(campaign, owner.id); // the first attempt fails
    const eventId = eventIdFor("lead.qualified", key.id);
    receiver.slow(150);
    await dueNow(eventId);
    const runs = await Promise.all([1, 2, 3, 4].map(() => drainNotifications()));
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(1);
    expect(hooksFor(eventId)).toHaveLength(2);
    expect((await logOf(eventId)).filter((l) => l.ok)).toHaveLength(1);
  });

  it("drains through the cron route", async () => {
    const campaign = await campaignWith(owner);
    await save(owner, campaign.id, { webhookUrl: receiver.url() });
    receiver.answer(502);
    const key = await analysedCall(campaign, owner.id);
    await dueNow(eventIdFor("lead.qualified", key.id));
    const res = await call(drainRoute.GET, "/api/jobs/drain", {
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    expect(res.status).toBe(200);
    expect(res.body.notified).toMatchObject({ delivered: 1 });
    expect(hooksFor(eventIdFor("lead.qualified", key.id))).toHaveLength(2);
  });

  it("posts to Slack and emails the workspace's owners, with the lead, score and link", async () => {
    const teammate = await createUser(db());
    const coOwner = await createUser(db());
    const workspace = await createWorkspace(db(), owner, [
      { user: teammate, role: "member" },
      { user: coOwner, role: "owner" },
    ]);
    const campaign = await campaignWith(owner, undefined, workspace.id);
    await save(owner, campaign.id, { slackEnabled: true, emailEnabled: true });
    const key = await analysedCall(campaign, workspace.id);
    const eventId = eventIdFor("lead.qualified", key.id);
    const link = `${APP_URL}/conversations/${key.id}`;

    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]!.path).toBe("/services/T000/B000/XXXX");
    const message = JSON.parse(slack.requests[0]!.body);
    expect(message.text).toContain(`scored 100 on ${campaign.name}`);
    const blocks = JSON.stringify(message.blocks);
    for (const part of ["ann@example.com", "Ann Lee", "Score", link])
      expect(blocks).toContain(part);

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to.sort()).toEqual([owner.email, coOwner.email].sort());
    expect(mail.to).not.toContain(teammate.email);
    expect(mail.from).toBe("leads@voxline.test");
    const text = decodeQuotedPrintable(mail.raw);
    expect(text).toMatch(/Subject: Qualified lead: Ann Lee \(100\) on/);
    for (const part of ["ann@example.com", "Score: 100", link]) expect(text).toContain(part);

    expect((await logOf(eventId)).map((l) => [l.target, l.ok]).sort()).toEqual([
      ["email", true],
      ["slack", true],
    ]);
  });

  it("refuses webhook URLs that are not https (http only to localhost outside production)", async () => {
    const campaign = await campaignWith(owner);
    for (const url of [
      "http://example.com/hook",
      "ftp://example.com/x",
      "https://u:p@example.com/",
    ])
      await expect(save(owner, campaign.id, { webhookUrl: url })).rejects.toMatchObject({
        status: 400,
        fields: { "settings.webhookUrl": expect.any(String) },
      });
    await expect(
      save(owner, campaign.id, { webhookUrl: "https://hooks.example.com/x" }),
    ).resolves.toMatchObject({ webhookUrl: "https://hooks.example.com/x" });
  });

  it("shows each workspace its own settings and log only; viewers see no secret", async () => {
    const campaign = await campaignWith(owner);
    await save(owner, campaign.id, { webhookUrl: receiver.url() });
    await analysedCall(campaign, owner.id);
    await drainNotifications();
    const mine = await getWebhookOverview(owner.claims, { workspaceId: owner.id });
    expect(mine.deliveries.length).toBeGreaterThan(0);
    expect(mine.targets.map((t) => t.campaignId)).toContain(campaign.id);

    const stranger = await createUser(db());
    expect(await getWebhookOverview(stranger.claims, { workspaceId: owner.id })).toEqual({
      targets: [],
      deliveries: [],
    });
    expect(await getNotificationSettings(stranger.claims, { campaignId: campaign.id })).toBeNull();
    await expect(
      rotateSigningSecret(stranger.claims, { campaignId: campaign.id }),
    ).rejects.toMatchObject({ status: 404 });
    const seen = await withUser(
      stranger.claims,
      async (trx) => ({
        outbox: await trx.selectFrom("notification_outbox").select("id").execute(),
        log: await trx.selectFrom("notification_deliveries").select("id").execute(),
        settings: await trx
          .selectFrom("campaign_notification_settings")
          .select("campaign_id")
          .execute(),
      }),
      db(),
    );
    expect(seen).toEqual({ outbox: [], log: [], settings: [] });

    // A viewer of a shared workspace: no secret, no log, and no changes.
    const viewer = await createUser(db());
    const shared = await createWorkspace(db(), owner, [{ user: viewer, role: "viewer" }]);
    const sharedCampaign = await campaignWith(owner, undefined, shared.id);
    await save(owner, sharedCampaign.id, { webhookUrl: receiver.url() });
    expect(
      await getNotificationSettings(viewer.claims, { campaignId: sharedCampaign.id }),
    ).toBeNull();
    await expect(
      save(viewer, sharedCampaign.id, { webhookUrl: receiver.url() }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("rotates the signing secret; the next delivery is signed with the new one", async () => {
    const campaign = await campaignWith(owner);
    const first = await save(owner, campaign.id, { webhookUrl: receiver.url() });
    const rotated = await rotateSigningSecret(owner.claims, { campaignId: campaign.id });
    expect(rotated.signingSecret).not.toBe(first.signingSecret);
    // Saving again keeps the rotated secret.
    expect((await save(owner, campaign.id, { webhookUrl: receiver.url() })).signingSecret).toBe(
      rotated.signingSecret,
    );
    const key = await analysedCall(campaign, owner.id);
    await drainNotifications();
    const [hook] = hooksFor(eventIdFor("lead.qualified", key.id));
    const signature = String(hook!.headers["x-voxline-signature"]);
    expect(verifyVoxline(rotated.signingSecret, signature, hook!.body)).toBe(true);
    expect(verifyVoxline(first.signingSecret, signature, hook!.body)).toBe(false);
  });
});
