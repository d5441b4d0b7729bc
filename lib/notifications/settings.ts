// A campaign's notification settings, for its workspace's members (the Notifications card's
// server actions and tests). Each runs in withUser: RLS lets members (not viewers) read and
// change them, signing secret included. The secret is generated here, never typed in.
import { z } from "zod";
import { command } from "@/lib/command";
import { hasRole } from "@/lib/db/queries/workspaces";
import { type Tx, withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { notificationSettingsSchema } from "@/lib/validations/notifications";
import { notificationConfig } from "./config";
import { generateSigningSecret } from "./signing";
import { webhookUrlProblem } from "./url-safety";

const campaignRef = z.strictObject({ campaignId: z.uuid("Unknown campaign") });
export const saveNotificationSettingsSchema = campaignRef.extend({
  settings: notificationSettingsSchema,
});

export interface NotificationSettings {
  campaignId: string;
  webhookUrl: string | null;
  signingSecret: string;
  slackEnabled: boolean;
  emailEnabled: boolean;
  secretRotatedAt: Date;
}

const COLUMNS = [
  "campaign_id",
  "webhook_url",
  "signing_secret",
  "slack_enabled",
  "email_enabled",
  "secret_rotated_at",
] as const;

type Row = {
  campaign_id: string;
  webhook_url: string | null;
  signing_secret: string;
  slack_enabled: boolean;
  email_enabled: boolean;
  secret_rotated_at: Date;
};
const toSettings = (r: Row): NotificationSettings => ({
  campaignId: r.campaign_id,
  webhookUrl: r.webhook_url,
  signingSecret: r.signing_secret,
  slackEnabled: r.slack_enabled,
  emailEnabled: r.email_enabled,
  secretRotatedAt: r.secret_rotated_at,
});

/** The campaign's workspace, when the actor is a member of it (viewers get a 403). */
async function campaignForMember(trx: Tx, campaignId: string) {
  const campaign = await trx
    .selectFrom("campaigns")
    .select(["id", "workspace_id"])
    .where("id", "=", campaignId)
    .executeTakeFirst();
  if (!campaign) throw notFound("Campaign");
  if (!(await hasRole(trx, campaign.workspace_id, "member")))
    throw new AppError("forbidden", "Viewers cannot change notification settings", 403);
  return campaign;
}

/** The campaign's settings; null when none are saved or the actor may not see them. */
export const getNotificationSettings = command(campaignRef, (actor, { campaignId }) =>
  withUser(actor.claims, async (trx) => {
    const row = await trx
      .selectFrom("campaign_notification_settings")
      .select(COLUMNS)
      .where("campaign_id", "=", campaignId)
      .executeTakeFirst();
    return row ? toSettings(row) : null;
  }),
);

export const saveNotificationSettings = command(saveNotificationSettingsSchema, (actor, input) => {
  const { campaignId, settings } = input;
  const url = settings.webhookUrl || null;
  const problem = url ? webhookUrlProblem(url, notificationConfig().production) : null;
  if (problem)
    throw new AppError("invalid_input", problem, 400, { "settings.webhookUrl": problem });
  return withUser(actor.claims, async (trx) => {
    const campaign = await campaignForMember(trx, campaignId);
    const values = {
      webhook_url: url,
      slack_enabled: settings.slackEnabled,
      email_enabled: settings.emailEnabled,
    };
    const row = await trx
      .insertInto("campaign_notification_settings")
      .values({
        ...values,
        campaign_id: campaignId,
        workspace_id: campaign.workspace_id,
        signing_secret: generateSigningSecret(),
      })
      .onConflict((oc) => oc.column("campaign_id").doUpdateSet(values))
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toSettings(row);
  });
});

/** A new signing secret; the old one stops verifying at once. */
export const rotateSigningSecret = command(campaignRef, (actor, { campaignId }) =>
  withUser(actor.claims, async (trx) => {
    const campaign = await campaignForMember(trx, campaignId);
    const secret = generateSigningSecret();
    const row = await trx
      .insertInto("campaign_notification_settings")
      .values({
        campaign_id: campaignId,
        workspace_id: campaign.workspace_id,
        signing_secret: secret,
      })
      .onConflict((oc) =>
        oc
          .column("campaign_id")
          .doUpdateSet({ signing_secret: secret, secret_rotated_at: new Date() }),
      )
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toSettings(row);
  }),
);
