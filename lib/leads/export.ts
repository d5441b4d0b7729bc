// The leads CSV export: every lead of the actor's workspace matching the list's filters,
// streamed in keyset batches (one short transaction per batch under RLS, no row cap, memory
// bounded by one batch), in the list's order.
import { type CsvValue, csvStream } from "@/lib/csv";
import type { LeadListItem } from "@/lib/db/queries/leads";
import type { LeadFilter } from "@/lib/validations/lead";
import { LEAD_STATUS_LABELS } from "@/lib/validations/lead";
import type { Actor } from "@/lib/workspaces/actor";
import { listLeadsFor } from "./commands";

export const EXPORT_BATCH = 500;

export const EXPORT_HEADER = [
  "Name",
  "Email",
  "Phone",
  "Company",
  "Campaign",
  "Score",
  "Qualified",
  "Urgency",
  "Status",
  "Assigned to",
  "Notes",
  "Created at",
  "Conversation",
] as const;

function exportRow(lead: LeadListItem, origin: string): CsvValue[] {
  return [
    lead.name,
    lead.email,
    lead.phone,
    lead.company,
    lead.campaignName,
    lead.score,
    lead.score === null ? null : lead.score >= lead.qualifyThreshold ? "yes" : "no",
    lead.urgency,
    LEAD_STATUS_LABELS[lead.status],
    lead.assignedTo,
    lead.notes,
    lead.createdAt,
    `${origin}/conversations/${lead.conversationId}`,
  ];
}

/** The file name, dated in UTC: leads-2026-12-02.csv. */
export const exportFileName = (now = new Date()) => `leads-${now.toISOString().slice(0, 10)}.csv`;

/** The CSV as a stream; `origin` makes the conversation links absolute. */
export function leadsCsvStream(actor: Actor, filter: LeadFilter, origin: string) {
  let cursor: string | undefined;
  let done = false;
  return csvStream(EXPORT_HEADER, async () => {
    if (done) return null;
    const page = await listLeadsFor(actor, filter, cursor, EXPORT_BATCH);
    cursor = page.nextCursor ?? undefined;
    done = !page.nextCursor;
    return page.items.map((lead) => exportRow(lead, origin));
  });
}
