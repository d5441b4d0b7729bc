// The 95th percentile of a range's times to first audio from the daily rollup, which keeps
// each day's reply count and only its largest values (analytics_daily.first_audio_top: at
// least the top 10 %, all of them for a day of 20 replies or fewer).

export interface DayTop {
  replies: number;
  /** The day's largest values, descending. */
  top: number[];
}

/**
 * percentile_cont(0.95) of the replies in `days`, from each day's largest values. With n
 * replies it interpolates the values at ascending ranks lo = floor(0.95 (n - 1)) and lo + 1,
 * that is the (n - lo)th and (n - lo - 1)th largest. The kept values answer exactly when every
 * day that kept only part of its values kept all of them down to the (n - lo)th largest
 * overall: its smallest kept value is at most that one. Otherwise undefined (ask the turns).
 */
export function p95FromTops(days: DayTop[]): number | null | undefined {
  const n = days.reduce((s, d) => s + d.replies, 0);
  if (n === 0) return null;
  const pos = 0.95 * (n - 1);
  const lo = Math.floor(pos);
  // Ascending, natively (a typed array sorts numbers without a comparator).
  const kept = Float64Array.from(days.flatMap((d) => d.top)).sort();
  const fromTop = (k: number) => kept[kept.length - 1 - k];
  const low = fromTop(n - 1 - lo);
  if (low === undefined) return undefined;
  const high = fromTop(Math.max(n - 2 - lo, 0))!;
  const covered = days.every((d) => d.top.length >= d.replies || (d.top.at(-1) ?? 0) <= low);
  if (!covered) return undefined;
  return low + (high - low) * (pos - lo);
}
