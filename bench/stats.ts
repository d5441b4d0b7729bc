// Percentiles and the small summaries every bench table prints.
export function percentile(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[at]!);
}

export const round = (x: number) => Math.round(x * 10) / 10;

export const summary = (xs: number[]) => ({
  p50: percentile(xs, 50),
  p95: percentile(xs, 95),
  p99: percentile(xs, 99),
});

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
