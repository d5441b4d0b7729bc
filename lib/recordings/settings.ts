// A campaign's recording and retention settings (columns on campaigns), for its workspace:
// viewers read them, members switch recording, admins set the retention period (it deletes
// history); RLS, the column grants and a trigger decide, the role checks only give a clear
// 403 instead of a silent no-op or a database error.
import { z } from "zod";
import { command } from "@/lib/command";
import { hasRole } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { recordingStoreProblem } from "@/lib/recordings/storage";
import { type RecordingSettings, saveRecordingSettingsSchema } from "@/lib/validations/recordings";

const RETENTION_ADMINS = "Only workspace admins change how long calls are kept";

const campaignRef = z.strictObject({ campaignId: z.uuid("Unknown campaign") });

export const getRecordingSettings = command(campaignRef, (actor, { campaignId }) =>
  withUser(actor.claims, async (trx): Promise<RecordingSettings> => {
    const row = await trx
      .selectFrom("campaigns")
      .select(["record_calls", "retention_days"])
      .where("id", "=", campaignId)
      .executeTakeFirst();
    if (!row) throw notFound("Campaign");
    return { recordCalls: row.record_calls, retentionDays: row.retention_days };
  }),
);

export const saveRecordingSettings = command(saveRecordingSettingsSchema, (actor, input) =>
  withUser(actor.claims, async (trx): Promise<RecordingSettings> => {
    const { campaignId, settings } = input;
    const campaign = await trx
      .selectFrom("campaigns")
      .select(["workspace_id", "retention_days"])
      .where("id", "=", campaignId)
      .executeTakeFirst();
    if (!campaign) throw notFound("Campaign");
    if (!(await hasRole(trx, campaign.workspace_id, "member")))
      throw new AppError("forbidden", "Viewers cannot change recording settings", 403);
    const storeProblem = settings.recordCalls ? recordingStoreProblem() : null;
    if (storeProblem)
      throw new AppError("conflict", storeProblem, 409, {
        "settings.recordCalls": storeProblem,
      });
    // Retention deletes history: admins only (a trigger refuses it in Postgres too).
    if (
      settings.retentionDays !== campaign.retention_days &&
      !(await hasRole(trx, campaign.workspace_id, "admin"))
    )
      throw new AppError("forbidden", RETENTION_ADMINS, 403, {
        "settings.retentionDays": RETENTION_ADMINS,
      });
    await trx
      .updateTable("campaigns")
      .set({ record_calls: settings.recordCalls, retention_days: settings.retentionDays })
      .where("workspace_id", "=", campaign.workspace_id)
      .where("id", "=", campaignId)
      .executeTakeFirstOrThrow();
    return settings;
  }),
);
