// A campaign's phone settings, for its workspace's members (the settings form's server action
// and tests). Each runs in withUser: RLS decides which campaign and number rows are reachable
// (viewers read, members change). Only a number assigned to the workspace may be used
// (lib/telephony/numbers.ts; otherwise 422), and one already answering another of its
// campaigns is a 409: the registry's key is the number.
import { z } from "zod";
import { command } from "@/lib/command";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";
import { hasRole } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { type PhoneSettings, phoneMenuSchema, phoneSettingsSchema } from "@/lib/validations/phone";

const campaignRef = z.strictObject({ campaignId: z.uuid("Unknown campaign") });

export const savePhoneSettingsSchema = campaignRef.extend({ settings: phoneSettingsSchema });

export interface StoredPhoneSettings extends PhoneSettings {
  campaignId: string;
}

export const getPhoneSettings = command(campaignRef, (actor, { campaignId }) =>
  withUser(actor.claims, async (trx): Promise<StoredPhoneSettings | null> => {
    const row = await trx
      .selectFrom("campaign_phone_numbers")
      .select(["e164", "consent_message", "menu"])
      .where("campaign_id", "=", campaignId)
      .executeTakeFirst();
    if (!row) return null;
    const menu = row.menu ? phoneMenuSchema.safeParse(row.menu) : null;
    return {
      campaignId,
      number: row.e164,
      consentMessage: row.consent_message ?? undefined,
      menu: menu?.success ? menu.data : null,
    };
  }),
);

export const savePhoneSettings = command(savePhoneSettingsSchema, async (actor, input) => {
  const { campaignId, settings } = input;
  try {
    return await withUser(actor.claims, async (trx) => {
      const campaign = await trx
        .selectFrom("campaigns")
        .select(["id", "workspace_id"])
        .where("id", "=", campaignId)
        .executeTakeFirst();
      if (!campaign) throw notFound("Campaign");
      if (!(await hasRole(trx, campaign.workspace_id, "member")))
        throw new AppError("forbidden", "Viewers cannot change phone settings", 403);
      // Under RLS only this workspace's numbers are visible; the foreign key refuses the rest.
      const assigned = await trx
        .selectFrom("telephony_numbers")
        .select("e164")
        .where("e164", "=", settings.number)
        .where("workspace_id", "=", campaign.workspace_id)
        .executeTakeFirst();
      if (!assigned) throw notAssigned();
      const values = {
        e164: settings.number,
        consent_message: settings.consentMessage || null,
        menu: settings.menu ? JSON.stringify(settings.menu) : null,
      };
      // One number per campaign: changing it replaces the campaign's row.
      await trx
        .deleteFrom("campaign_phone_numbers")
        .where("campaign_id", "=", campaignId)
        .where("e164", "<>", settings.number)
        .execute();
      await trx
        .insertInto("campaign_phone_numbers")
        .values({ ...values, workspace_id: campaign.workspace_id, campaign_id: campaignId })
        .onConflict((oc) =>
          oc
            .column("e164")
            .doUpdateSet({ consent_message: values.consent_message, menu: values.menu })
            .where("campaign_phone_numbers.campaign_id", "=", campaignId),
        )
        .executeTakeFirstOrThrow()
        .then((r) => {
          if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) throw numberTaken();
        });
      return { campaignId, ...settings };
    });
  } catch (error) {
    // Another tenant's number: a unique violation, or (ON CONFLICT meeting a row this user's
    // policies cannot update) an RLS refusal.
    if (isUniqueViolation(error) || (error as { code?: string })?.code === "42501")
      throw numberTaken();
    // Unassigned between the check and the insert.
    if (isForeignKeyViolation(error)) throw notAssigned();
    throw error;
  }
});

export const removePhoneSettings = command(campaignRef, (actor, { campaignId }) =>
  withUser(actor.claims, async (trx) => {
    const row = await trx
      .selectFrom("campaign_phone_numbers")
      .select("workspace_id")
      .where("campaign_id", "=", campaignId)
      .executeTakeFirst();
    if (row && !(await hasRole(trx, row.workspace_id, "member")))
      throw new AppError("forbidden", "Viewers cannot change phone settings", 403);
    await trx.deleteFrom("campaign_phone_numbers").where("campaign_id", "=", campaignId).execute();
    return { campaignId, removed: true as const };
  }),
);

const NOT_ASSIGNED =
  "That number isn't assigned to this workspace. Numbers are assigned by whoever runs this " +
  "Voxline deployment (npm run telephony:numbers).";
const notAssigned = () =>
  new AppError("number_not_assigned", NOT_ASSIGNED, 422, { "settings.number": NOT_ASSIGNED });

const numberTaken = () =>
  new AppError("conflict", "That number already answers another campaign", 409, {
    "settings.number": "That number already answers another campaign",
  });
