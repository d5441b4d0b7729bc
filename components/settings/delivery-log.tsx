// The latest delivery attempts, newest first: a table on wide screens, a list on a phone.
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { DeliveryLogEntry } from "@/lib/db/queries/notifications";

const TARGETS = { webhook: "Webhook", slack: "Slack", email: "Email" } as const;

const when = (d: Date) =>
  d.toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: "UTC",
  });

function Outcome({ e }: { e: DeliveryLogEntry }) {
  const code = e.statusCode ? ` ${e.statusCode}` : "";
  return e.ok ? (
    <Badge tone="green">Delivered{code}</Badge>
  ) : (
    <Badge tone="amber">Failed{code}</Badge>
  );
}

export function DeliveryLog({ entries, limit }: { entries: DeliveryLogEntry[]; limit: number }) {
  return (
    <Card>
      <div className="border-b border-zinc-100 px-5 py-4">
        <h2 className="text-sm font-semibold text-zinc-900">Delivery log</h2>
        <p className="mt-1 text-sm text-zinc-500">
          Every attempt, newest first (the latest {limit}). Times in UTC.
        </p>
      </div>
      {entries.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-zinc-500" data-testid="deliveries-empty">
          Nothing delivered yet. Qualified leads show up here once they are sent.
        </p>
      ) : (
        <>
          <table className="hidden w-full text-left text-sm md:table" data-testid="delivery-log">
            <thead className="text-xs text-zinc-500">
              <tr className="border-b border-zinc-100">
                <th className="px-5 py-2 font-medium">Event</th>
                <th className="px-3 py-2 font-medium">Target</th>
                <th className="px-3 py-2 font-medium">Attempt</th>
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-5 py-2 font-medium">Error</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {entries.map((e) => (
                <tr key={e.id} data-event-id={e.eventId}>
                  <td className="px-5 py-2.5 align-top">
                    <div className="font-mono text-xs text-zinc-800">{e.eventId}</div>
                    <div className="text-xs text-zinc-500">
                      {e.campaignName ?? "Deleted campaign"}
                    </div>
                  </td>
                  <td className="max-w-64 px-3 py-2.5 align-top">
                    <div className="text-zinc-800">{TARGETS[e.target]}</div>
                    <div className="truncate font-mono text-xs text-zinc-500">{e.destination}</div>
                  </td>
                  <td className="px-3 py-2.5 align-top text-zinc-700">{e.attempt}</td>
                  <td className="px-3 py-2.5 align-top">
                    <Outcome e={e} />
                  </td>
                  <td className="px-3 py-2.5 align-top whitespace-nowrap text-zinc-600">
                    {when(e.at)}
                    <div className="text-xs text-zinc-400">{e.durationMs} ms</div>
                  </td>
                  <td className="max-w-72 px-5 py-2.5 align-top text-xs break-words text-red-700">
                    {e.error ?? ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="divide-y divide-zinc-100 md:hidden">
            {entries.map((e) => (
              <li key={e.id} className="space-y-1 px-5 py-3" data-event-id={e.eventId}>
                <div className="flex items-center justify-between gap-2">
                  <span className="text-sm font-medium text-zinc-900">
                    {TARGETS[e.target]} · attempt {e.attempt}
                  </span>
                  <Outcome e={e} />
                </div>
                <div className="truncate font-mono text-xs text-zinc-600">{e.eventId}</div>
                <div className="truncate text-xs text-zinc-500">
                  {e.campaignName ?? "Deleted campaign"} → {e.destination}
                </div>
                <div className="text-xs text-zinc-500">
                  {when(e.at)} · {e.durationMs} ms
                </div>
                {e.error ? <div className="text-xs break-words text-red-700">{e.error}</div> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
