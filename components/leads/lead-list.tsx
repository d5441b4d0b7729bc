// The leads of one page: a table from the md breakpoint up, cards on a phone. Each lead links
// to its detail (/leads/<id>) and to the conversation it came from.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { LeadListItem } from "@/lib/db/queries/leads";
import { LeadStatusPill, ScoreBadge, UrgencyLabel } from "./lead-badges";

const dateFormat = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

const displayName = (lead: LeadListItem) =>
  lead.name ?? lead.email ?? lead.phone ?? "Unknown caller";

function Contact({ lead }: { lead: LeadListItem }) {
  // Without a name the email is the title already.
  const lines = [lead.name ? lead.email : null, lead.phone].filter(Boolean);
  return lines.length ? (
    <span className="block truncate text-xs text-zinc-500">{lines.join(" · ")}</span>
  ) : null;
}

function Assignee({ email }: { email: string | null }) {
  return email ? (
    <span className="block max-w-44 truncate text-zinc-700" title={email}>
      {email}
    </span>
  ) : (
    <span className="text-zinc-400">Unassigned</span>
  );
}

const th = "px-4 py-2.5 text-left text-xs font-medium uppercase tracking-wide text-zinc-500";
const td = "px-4 py-3 align-middle";

export function LeadList({ leads }: { leads: LeadListItem[] }) {
  return (
    <>
      <Card className="hidden overflow-hidden md:block">
        <table className="w-full table-fixed text-sm" data-testid="lead-table">
          <thead className="border-b border-zinc-200 bg-zinc-50">
            <tr>
              <th className={`${th} w-[28%]`}>Lead</th>
              <th className={`${th} w-[16%]`}>Campaign</th>
              <th className={`${th} w-16`}>Score</th>
              <th className={`${th} w-20`}>Urgency</th>
              <th className={`${th} w-28`}>Status</th>
              <th className={th}>Assignee</th>
              <th className={`${th} w-44`}>Created</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {leads.map((lead) => (
              <tr key={lead.id} className="hover:bg-zinc-50" data-testid="lead-row">
                <td className={td}>
                  <Link
                    href={`/leads/${lead.id}`}
                    className="block truncate font-medium text-zinc-900 hover:text-brand-700"
                  >
                    {displayName(lead)}
                    {lead.company ? (
                      <span className="font-normal text-zinc-500"> · {lead.company}</span>
                    ) : null}
                  </Link>
                  <Contact lead={lead} />
                </td>
                <td className={`${td} truncate text-zinc-700`} title={lead.campaignName}>
                  {lead.campaignName}
                </td>
                <td className={td}>
                  <ScoreBadge score={lead.score} threshold={lead.qualifyThreshold} />
                </td>
                <td className={td}>
                  <UrgencyLabel urgency={lead.urgency} />
                </td>
                <td className={td}>
                  <LeadStatusPill status={lead.status} />
                </td>
                <td className={td}>
                  <Assignee email={lead.assignedTo} />
                </td>
                <td className={`${td} whitespace-nowrap text-xs text-zinc-500`}>
                  <span className="block">{dateFormat.format(lead.createdAt)}</span>
                  <Link
                    href={`/conversations/${lead.conversationId}`}
                    className="text-brand-700 hover:underline"
                  >
                    Conversation
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <ul className="space-y-3 md:hidden" data-testid="lead-cards">
        {leads.map((lead) => (
          <li key={lead.id}>
            <Card className="p-4">
              <div className="flex items-start gap-3">
                <div className="min-w-0 flex-1">
                  <Link
                    href={`/leads/${lead.id}`}
                    className="block truncate font-medium text-zinc-900"
                  >
                    {displayName(lead)}
                  </Link>
                  <Contact lead={lead} />
                </div>
                <ScoreBadge score={lead.score} threshold={lead.qualifyThreshold} />
              </div>
              <div className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs text-zinc-500">
                <LeadStatusPill status={lead.status} />
                <UrgencyLabel urgency={lead.urgency} />
                <span className="truncate">{lead.campaignName}</span>
              </div>
              <div className="mt-3 flex items-center justify-between gap-3 border-t border-zinc-100 pt-3 text-xs">
                <span className="min-w-0 truncate">
                  <Assignee email={lead.assignedTo} />
                </span>
                <Link
                  href={`/conversations/${lead.conversationId}`}
                  className="shrink-0 font-medium text-brand-700"
                >
                  Conversation →
                </Link>
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}
