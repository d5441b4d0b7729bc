// Campaign queries. Each takes a transaction from withUser / withServiceRole: RLS decides
// which rows exist, so there is no owner filter here to forget.
import type { Selectable } from "kysely";
import type { CampaignStatus, FlowConfig, VoiceSettings } from "@/lib/validations/campaign";
import type { Campaigns } from "../schema.gen";
import type { Tx } from "../scoped";

export type CampaignRow = Selectable<Campaigns>;

export interface Campaign {
  id: string;
  ownerId: string;
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
    ownerId: row.owner_id,
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

export async function listCampaigns(trx: Tx): Promise<Campaign[]> {
  const rows = await trx
    .selectFrom("campaigns")
    .selectAll()
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toCampaign);
}

export async function getCampaign(trx: Tx, id: string): Promise<Campaign | null> {
  const row = await trx.selectFrom("campaigns").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toCampaign(row) : null;
}

export interface NewCampaign {
  ownerId: string;
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
      owner_id: c.ownerId,
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
    .values({ slug: c.publicSlug, owner_id: c.ownerId, campaign_id: row.id })
    .execute();
  return toCampaign(row);
}

export type CampaignPatch = Partial<
  Pick<Campaign, "name" | "description" | "status" | "voiceSettings" | "flowConfig">
>;

export async function updateCampaign(
  trx: Tx,
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
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  return row ? toCampaign(row) : null;
}

/** True when a row was deleted; RLS makes another owner's campaign look absent. */
export async function deleteCampaign(trx: Tx, id: string): Promise<boolean> {
  const rows = await trx.deleteFrom("campaigns").where("id", "=", id).returning("id").execute();
  return rows.length > 0;
}
