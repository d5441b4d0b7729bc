import type { CallMetrics } from "@/lib/db/queries/analytics";
import { fmtInt, fmtMs, fmtPercent, fmtUsd } from "./format";

function Tile({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums">
        {value}
      </dd>
      <dd className="mt-0.5 text-xs text-zinc-500 tabular-nums">{detail}</dd>
    </div>
  );
}

/** The headline figures of the range. */
export function KpiTiles({ m }: { m: CallMetrics }) {
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-5" data-testid="kpi-tiles">
      <Tile label="Calls" value={fmtInt(m.calls)} detail={`${fmtInt(m.leads)} leads`} />
      <Tile
        label="Completion rate"
        value={fmtPercent(m.completionRate)}
        detail={`${fmtInt(m.abandoned)} abandoned · ${fmtInt(m.failed)} failed`}
      />
      <Tile
        label="Time to first audio"
        value={fmtMs(m.firstAudioAvgMs)}
        detail={`p95 ${fmtMs(m.firstAudioP95Ms)} · ${fmtInt(m.replies)} replies`}
      />
      <Tile
        label="Cost per call"
        value={fmtUsd(m.costPerCall)}
        detail={`${fmtUsd(m.costPerMinute)} / min · ${fmtUsd(m.costUsd)} total`}
      />
      <Tile
        label="Qualified leads"
        value={fmtPercent(m.qualifiedShare)}
        detail={`${fmtInt(m.qualifiedLeads)} of ${fmtInt(m.calls)} calls`}
      />
    </dl>
  );
}
