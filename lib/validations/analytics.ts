// The analytics page's filter (GET query): a date range in whole UTC days, both ends included,
// and an optional campaign. A missing or malformed value falls back to the last 30 days.
import { z } from "zod";

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)));

export const analyticsQuerySchema = z.object({
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
  campaign: z.uuid().optional().catch(undefined),
});

export interface AnalyticsRange {
  /** First day, and last day included (YYYY-MM-DD, UTC). */
  from: string;
  to: string;
  /** The instants the queries bound started_at with: [start, end). */
  start: Date;
  end: Date;
  days: number;
  campaignId?: string;
  /** Set when the request's range could not be used as given. */
  notice?: string;
}

const DAY_MS = 86_400_000;
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dayStart = (s: string) => new Date(`${s}T00:00:00Z`);

/** The range to show for a query, relative to `today` (UTC). */
export function analyticsRange(
  query: Record<string, string | string[] | undefined>,
  today = new Date(),
): AnalyticsRange {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
  const q = analyticsQuerySchema.parse({
    from: first(query.from),
    to: first(query.to),
    campaign: first(query.campaign),
  });
  const lastDay = isoDate(today);
  let to = q.to ?? lastDay;
  let from =
    q.from ?? isoDate(new Date(dayStart(to).getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS));
  let notice: string | undefined;
  if (from > to) {
    [from, to] = [to, from];
    notice = "The start date was after the end date: they were swapped.";
  }
  const start = dayStart(from);
  let end = new Date(dayStart(to).getTime() + DAY_MS);
  if ((end.getTime() - start.getTime()) / DAY_MS > MAX_RANGE_DAYS) {
    end = new Date(start.getTime() + MAX_RANGE_DAYS * DAY_MS);
    to = isoDate(new Date(end.getTime() - DAY_MS));
    notice = `Ranges are limited to ${MAX_RANGE_DAYS} days: showing the first ${MAX_RANGE_DAYS}.`;
  }
  const days = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  return { from, to, start, end, days, campaignId: q.campaign, notice };
}
