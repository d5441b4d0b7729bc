// Campaign queries. Each takes a transaction from withUser / withServiceRole: RLS decides
// which rows exist and which may change. The workspace filter only narrows a user who
// belongs to several workspaces to the one they act in (and prunes to one hash partition).
import type { Selectable } from "kysely";
import type { CampaignStatus, FlowConfig, VoiceSettings } from "@/lib/validations/campaign";
import type { Campaigns } from "../schema.gen";
import type { Tx } from "../scoped";

export type CampaignRow = Selectable<Campaigns>;

export interface Campaign {
  id: string;
  workspaceId: string;
  /** Who made it; null once that user is deleted. */
  createdBy: string | null;
  name: string;
  description: string;
  status: CampaignStatus;
  publicSlug: string;
  voiceSettings: VoiceSettings;
  flowConfig: FlowConfig;
  createdAt: Date;
  updatedAt: Date;
}

export function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    createdBy: row.created_by,
    name: row.name,
    description: row.description,
    status: row.status as CampaignStatus,
    publicSlug: row.public_slug,
    voiceSettings: row.voice_settings as unknown as VoiceSettings,
    flowConfig: row.flow_config as unknown as FlowConfig,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listCampaigns(trx: Tx, workspaceId: string): Promise<Campaign[]> {
  const rows = await trx
    .selectFrom("campaigns")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toCampaign);
}

export async function getCampaign(
  trx: Tx,
  workspaceId: string,
  id: string,
): Promise<Campaign | null> {
  const row = await trx
    .selectFrom("campaigns")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toCampaign(row) : null;
}

export interface NewCampaign {
  workspaceId: string;
  createdBy: string;
  name: string;
  description: string;
  publicSlug: string;
  voiceSettings: VoiceSettings;
  flowConfig: FlowConfig;
}

export async function insertCampaign(trx: Tx, c: NewCampaign): Promise<Campaign> {
  const row = await trx
    .insertInto("campaigns")
    .values({
      workspace_id: c.workspaceId,
      created_by: c.createdBy,
      name: c.name,
      description: c.description,
      public_slug: c.publicSlug,
      voice_settings: JSON.stringify(c.voiceSettings),
      flow_config: JSON.stringify(c.flowConfig),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("campaign_slugs")
    .values({ slug: c.publicSlug, workspace_id: c.workspaceId, campaign_id: row.id })
    .execute();
  return toCampaign(row);
}

export type CampaignPatch = Partial<
  Pick<Campaign, "name" | "description" | "status" | "voiceSettings" | "flowConfig">
>;

export async function updateCampaign(
  trx: Tx,
  workspaceId: string,
  id: string,
  patch: CampaignPatch,
): Promise<Campaign | null> {
  const row = await trx
    .updateTable("campaigns")
    .set({
      name: patch.name,
      description: patch.description,
      status: patch.status,
      voice_settings: patch.voiceSettings && JSON.stringify(patch.voiceSettings),
      flow_config: patch.flowConfig && JSON.stringify(patch.flowConfig),
    })
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toCampaign(row) : null;
}

/** True when a row was deleted; RLS makes a campaign the actor may not delete look absent. */
export async function deleteCampaign(trx: Tx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await trx
    .deleteFrom("campaigns")
    .where("workspace_id", "=", workspaceId)
    .where("id", "=", id)
    .returning("id")
    .execute();
  return rows.length > 0;
}
