// Expired phone reply audio goes with each drain of the jobs (Vercel Cron) and on each write.
import { withServiceRole } from "@/lib/db/scoped";
import { logger } from "@/lib/observability/logger";
import { purgeExpiredAudio } from "./queries";

export async function purgePhoneAudio(): Promise<number> {
  try {
    return await withServiceRole("purge expired phone reply audio", purgeExpiredAudio);
  } catch (err) {
    logger.warn({ err }, "purging phone audio failed");
    return 0;
  }
}
