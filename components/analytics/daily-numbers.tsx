import type { DayPoint } from "@/lib/db/queries/analytics";
import { fmtDay, fmtInt } from "./format";

/** The numbers beside the calls chart: totals, the busiest day, and every day on request. */
export function DailyNumbers({ days }: { days: DayPoint[] }) {
  const total = days.reduce((s, d) => s + d.calls, 0);
  const busiest = days.reduce<DayPoint | null>((b, d) => (!b || d.calls > b.calls ? d : b), null);
  return (
    <div className="space-y-3 text-sm">
      <dl className="grid grid-cols-3 gap-2 lg:grid-cols-1">
        <div>
          <dt className="text-xs text-zinc-500">Calls</dt>
          <dd className="font-semibold text-zinc-900 tabular-nums">{fmtInt(total)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">Per day</dt>
          <dd className="font-semibold text-zinc-900 tabular-nums">
            {days.length ? (total / days.length).toFixed(1) : "–"}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">Busiest day</dt>
          <dd className="font-semibold text-zinc-900 tabular-nums">
            {busiest && busiest.calls > 0
              ? `${fmtDay(busiest.day)} (${fmtInt(busiest.calls)})`
              : "–"}
          </dd>
        </div>
      </dl>
      <details className="group">
        <summary className="cursor-pointer text-xs font-medium text-brand-700">Every day</summary>
        <div className="mt-2 max-h-64 overflow-y-auto">
          <table className="w-full text-xs" data-testid="daily-table">
            <thead className="sticky top-0 bg-white text-zinc-500">
              <tr>
                <th scope="col" className="py-1 text-left font-medium">
                  Day
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Calls
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Completed
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Qualified
                </th>
              </tr>
            </thead>
            <tbody className="tabular-nums">
              {[...days].reverse().map((d) => (
                <tr key={d.day}>
                  <th scope="row" className="py-0.5 text-left font-normal">
                    {fmtDay(d.day)}
                  </th>
                  <td className="py-0.5 text-right">{d.calls}</td>
                  <td className="py-0.5 text-right">{d.completed}</td>
                  <td className="py-0.5 text-right">{d.qualifiedLeads}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
