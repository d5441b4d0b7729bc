// The calls as a dense table on a desktop and as stacked rows on a phone; every row opens
// the call.
import Link from "next/link";
import type { ConversationListItem } from "@/lib/db/queries/conversation-list";
import { CallStatusBadge, ChannelBadge, ScorePill, TestBadge } from "./badges";
import { formatCost, formatDuration, formatWhen, maskPhone } from "./format";

const who = (c: ConversationListItem) =>
  c.callerName ??
  maskPhone(c.callerPhone) ??
  (c.channel === "phone" ? "Unknown caller" : "Web caller");

const th = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500";
const num = "px-3 py-2.5 text-right tabular-nums";

export function ConversationTable({ items }: { items: ConversationListItem[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs">
      <table className="hidden w-full text-sm md:table" data-testid="conversation-table">
        <thead className="border-b border-zinc-200 bg-zinc-50/80">
          <tr>
            <th className={th}>Started</th>
            <th className={th}>Caller</th>
            <th className={th}>Campaign</th>
            <th className={th}>Channel</th>
            <th className={th}>Status</th>
            <th className={`${th} text-right`}>Duration</th>
            <th className={`${th} text-right`}>Turns</th>
            <th className={`${th} text-right`}>Cost</th>
            <th className={`${th} text-right`}>Lead</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {items.map((c) => (
            <tr key={c.id} className="group relative hover:bg-zinc-50">
              <td className="whitespace-nowrap px-3 py-2.5 text-zinc-600">
                <Link
                  href={`/conversations/${c.id}`}
                  className="after:absolute after:inset-0 focus-visible:outline-none"
                  aria-label={`Call from ${who(c)}, ${formatWhen(c.startedAt)}`}
                >
                  {formatWhen(c.startedAt)}
                </Link>
              </td>
              <td className="max-w-44 px-3 py-2.5">
                <span className="flex items-center gap-1.5">
                  <span className="truncate font-medium text-zinc-900">{who(c)}</span>
                  {c.isTest ? <TestBadge /> : null}
                </span>
              </td>
              <td className="max-w-48 truncate px-3 py-2.5 text-zinc-600">{c.campaignName}</td>
              <td className="px-3 py-2.5">
                <ChannelBadge channel={c.channel} />
              </td>
              <td className="px-3 py-2.5">
                <CallStatusBadge status={c.status} />
              </td>
              <td className={num}>{formatDuration(c.durationSeconds)}</td>
              <td className={num}>{c.turnCount}</td>
              <td className={num}>{formatCost(c.totalCostUsd)}</td>
              <td className={num}>
                <ScorePill score={c.leadScore} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-zinc-100 md:hidden" data-testid="conversation-cards">
        {items.map((c) => (
          <li key={c.id}>
            <Link href={`/conversations/${c.id}`} className="block px-4 py-3 active:bg-zinc-50">
              <div className="flex items-center gap-2">
                <span className="min-w-0 flex-1 truncate font-medium text-zinc-900">{who(c)}</span>
                {c.isTest ? <TestBadge /> : null}
                <ScorePill score={c.leadScore} />
              </div>
              <div className="mt-0.5 truncate text-xs text-zinc-500">
                {formatWhen(c.startedAt)} · {c.campaignName}
              </div>
              <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-600">
                <CallStatusBadge status={c.status} />
                <ChannelBadge channel={c.channel} />
                <span className="tabular-nums">{formatDuration(c.durationSeconds)}</span>
                <span className="tabular-nums">{c.turnCount} turns</span>
                <span className="tabular-nums">{formatCost(c.totalCostUsd)}</span>
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
