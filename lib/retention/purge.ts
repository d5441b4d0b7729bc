// The scheduled retention purge: for each campaign with retentionDays, its conversations that
// started more than that many days ago go, with their turns, leads, post-call jobs and
// recordings (the stored audio too), in batches. Each batch is one transaction: the audio is
// deleted before the rows are, so a failure leaves rows to retry, never orphaned audio.
// Run by the jobs drain (Vercel Cron) and by the in-process timer on the embedded default.
import type { Kysely } from "kysely";
import {
  campaignsWithRetention,
  deleteConversations,
  expiredConversations,
  type RetainedCampaign,
  recordingPathsOf,
} from "@/lib/db/queries/retention";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { logger } from "@/lib/observability/logger";
import { type RecordingStore, recordingStore } from "@/lib/recordings/storage";

const WHY = "retention purge: a schedule deletes expired conversations, no user is signed in";
const DAY_MS = 86_400_000;

export interface PurgeOptions {
  now?: Date;
  /** Conversations per transaction. */
  batchSize?: number;
  /** Stop starting batches after this long (the rest goes on the next run). */
  budgetMs?: number;
  store?: RecordingStore;
  db?: Kysely<DB>;
}

export interface PurgeResult {
  conversations: number;
  recordings: number;
  /** False when the budget ran out with expired conversations left. */
  complete: boolean;
}

export async function purgeExpired(options: PurgeOptions = {}): Promise<PurgeResult> {
  const { now = new Date(), batchSize = 200, budgetMs = 20_000, db } = options;
  const store = options.store ?? recordingStore();
  const started = Date.now();
  const result: PurgeResult = { conversations: 0, recordings: 0, complete: true };
  const campaigns = await withServiceRole(WHY, campaignsWithRetention, db);
  for (const campaign of campaigns) {
    const cutoff = new Date(now.getTime() - campaign.retentionDays * DAY_MS);
    for (;;) {
      if (Date.now() - started > budgetMs) {
        result.complete = false;
        return result;
      }
      const batch = await purgeBatch(campaign, cutoff, batchSize, store, db);
      result.conversations += batch.conversations;
      result.recordings += batch.recordings;
      if (batch.conversations < batchSize) break;
    }
  }
  return result;
}

function purgeBatch(
  campaign: RetainedCampaign,
  cutoff: Date,
  limit: number,
  store: RecordingStore,
  db?: Kysely<DB>,
) {
  return withServiceRole(
    WHY,
    async (trx) => {
      const ids = await expiredConversations(trx, campaign, cutoff, limit);
      const paths = await recordingPathsOf(trx, ids, cutoff);
      if (paths.length > 0) await store.remove(paths);
      const conversations = await deleteConversations(trx, campaign.workspaceId, ids, cutoff);
      return { conversations, recordings: paths.length };
    },
    db,
  );
}

/** The purge for a scheduler: never throws, logs what it did. */
export async function runRetentionPurge(options: PurgeOptions = {}): Promise<PurgeResult | null> {
  try {
    const result = await purgeExpired(options);
    if (result.conversations > 0) logger.info(result, "retention purge");
    return result;
  } catch (err) {
    logger.warn({ err }, "retention purge failed");
    return null;
  }
}
