import type { CampaignMetrics } from "@/lib/db/queries/analytics";
import { fmtInt, fmtMs, fmtPercent, fmtUsd } from "./format";

const th = "px-3 py-2 text-right font-medium whitespace-nowrap";
const td = "px-3 py-2 text-right tabular-nums whitespace-nowrap";

/** The figures per campaign; scrolls sideways on a phone. */
export function CampaignTable({ campaigns }: { campaigns: CampaignMetrics[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="campaign-table">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs text-zinc-500">
          <tr>
            <th scope="col" className="sticky left-0 bg-zinc-50 px-3 py-2 text-left font-medium">
              Campaign
            </th>
            <th scope="col" className={th}>
              Calls
            </th>
            <th scope="col" className={th}>
              Completion
            </th>
            <th scope="col" className={th}>
              First audio avg
            </th>
            <th scope="col" className={th}>
              p95
            </th>
            <th scope="col" className={th}>
              Cost / call
            </th>
            <th scope="col" className={th}>
              Cost / min
            </th>
            <th scope="col" className={th}>
              Qualified
            </th>
            <th scope="col" className={th}>
              Threshold
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {campaigns.map((c) => (
            <tr key={c.campaignId}>
              <th
                scope="row"
                className="sticky left-0 max-w-48 truncate bg-white px-3 py-2 text-left font-medium text-zinc-900"
              >
                {c.name}
              </th>
              <td className={td}>{fmtInt(c.calls)}</td>
              <td className={td}>{fmtPercent(c.completionRate)}</td>
              <td className={td}>{fmtMs(c.firstAudioAvgMs)}</td>
              <td className={td}>{fmtMs(c.firstAudioP95Ms)}</td>
              <td className={td}>{fmtUsd(c.costPerCall)}</td>
              <td className={td}>{fmtUsd(c.costPerMinute)}</td>
              <td className={td}>
                {fmtPercent(c.qualifiedShare)}{" "}
                <span className="text-xs text-zinc-400">({fmtInt(c.qualifiedLeads)})</span>
              </td>
              <td className={td}>≥ {c.threshold}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
