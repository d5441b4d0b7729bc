import type { ScoreBucket } from "@/lib/db/queries/analytics";
import { fmtInt, fmtPercent } from "./format";

/** The numbers beside the score chart: leads and share per bucket. */
export function ScoreNumbers({ buckets }: { buckets: ScoreBucket[] }) {
  const total = buckets.reduce((s, b) => s + b.leads, 0);
  return (
    <table className="w-full text-xs" data-testid="score-table">
      <thead className="text-zinc-500">
        <tr>
          <th scope="col" className="py-1 text-left font-medium">
            Score
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Leads
          </th>
          <th scope="col" className="py-1 text-right font-medium">
            Share
          </th>
        </tr>
      </thead>
      <tbody className="tabular-nums">
        {[...buckets].reverse().map((b) => (
          <tr key={b.min}>
            <th scope="row" className="py-0.5 text-left font-normal">
              {b.min}–{b.max}
            </th>
            <td className="py-0.5 text-right">{fmtInt(b.leads)}</td>
            <td className="py-0.5 text-right">{fmtPercent(total ? b.leads / total : null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
