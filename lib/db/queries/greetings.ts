// The greeting audio cache: one row per campaign version (see lib/voice/greeting.ts for the
// key). In the database, so every server instance shares what one of them synthesised.
import type { Tx } from "../scoped";

export interface GreetingAudio {
  format: "pcm_s16le";
  sampleRate: number;
  pcm: Buffer;
}

export async function findGreeting(
  trx: Tx,
  campaignId: string,
  cacheKey: string,
): Promise<GreetingAudio | null> {
  const row = await trx
    .selectFrom("greeting_audio")
    .select(["sample_rate", "audio"])
    .where("campaign_id", "=", campaignId)
    .where("cache_key", "=", cacheKey)
    .executeTakeFirst();
  return row ? { format: "pcm_s16le", sampleRate: row.sample_rate, pcm: row.audio } : null;
}

/** Stores a version's audio and drops the campaign's older versions (no call can use them). */
export async function storeGreeting(
  trx: Tx,
  g: { workspaceId: string; campaignId: string; cacheKey: string; sampleRate: number; pcm: Buffer },
) {
  await trx
    .insertInto("greeting_audio")
    .values({
      workspace_id: g.workspaceId,
      campaign_id: g.campaignId,
      cache_key: g.cacheKey,
      format: "pcm_s16le",
      sample_rate: g.sampleRate,
      audio: g.pcm,
    })
    .onConflict((oc) => oc.columns(["campaign_id", "cache_key"]).doNothing())
    .execute();
  await trx
    .deleteFrom("greeting_audio")
    .where("campaign_id", "=", g.campaignId)
    .where("cache_key", "<>", g.cacheKey)
    .execute();
}
