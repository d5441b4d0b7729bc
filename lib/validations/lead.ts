// Leads: the status workflow, the list's filters (shared by the page, the CSV export and the
// query module) and the inputs of the lead actions.
import { z } from "zod";

export const LEAD_STATUSES = ["new", "contacted", "qualified", "won", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const URGENCY_LEVELS = ["low", "medium", "high"] as const;
export type UrgencyLevel = (typeof URGENCY_LEVELS)[number];

/**
 * Where a lead may go from each status: forward through the pipeline, to lost from any open
 * status, and a closed lead reopened one step back (won → qualified, lost → contacted).
 */
export const LEAD_TRANSITIONS: Record<LeadStatus, readonly LeadStatus[]> = {
  new: ["contacted", "qualified", "lost"],
  contacted: ["qualified", "lost"],
  qualified: ["won", "lost", "contacted"],
  won: ["qualified"],
  lost: ["contacted"],
};

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: "New",
  contacted: "Contacted",
  qualified: "Qualified",
  won: "Won",
  lost: "Lost",
};

export const LEAD_SORTS = ["score", "date"] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export const NOTES_MAX = 5000;
export const SEARCH_MAX = 200;

/** An empty form value ("" from a select's "All") means no filter. */
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** The list's filters as the query string carries them (?q=&campaign=&status=&urgency=&sort=). */
export const leadFilterSchema = z.object({
  q: z.preprocess(
    blankToUndefined,
    z.string().trim().max(SEARCH_MAX, `At most ${SEARCH_MAX} characters`).optional(),
  ),
  campaign: z.preprocess(blankToUndefined, z.uuid("Unknown campaign").optional()),
  status: z.preprocess(blankToUndefined, z.enum(LEAD_STATUSES).optional()),
  urgency: z.preprocess(blankToUndefined, z.enum(URGENCY_LEVELS).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(LEAD_SORTS).default("date")),
});
export type LeadFilter = z.output<typeof leadFilterSchema>;

/** The page's query string: the filters and the keyset cursor of the page shown. */
export const leadPageQuerySchema = leadFilterSchema.extend({
  cursor: z.preprocess(blankToUndefined, z.string().max(500).optional()),
});

/** The export's query string: the filters only (it streams every matching lead). */
export const leadExportQuerySchema = leadFilterSchema.strict();

/** The filters as a query string, for links (export, paging) that keep the current view. */
export function leadFilterQuery(filter: Partial<LeadFilter>, extra: Record<string, string> = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra })) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params.toString();
}

const leadId = z.uuid("Unknown lead");

export const changeLeadStatusSchema = z.strictObject({
  id: leadId,
  status: z.enum(LEAD_STATUSES, "Choose a status"),
});

export const saveLeadNotesSchema = z.strictObject({
  id: leadId,
  notes: z.string().max(NOTES_MAX, `Notes can be at most ${NOTES_MAX} characters`),
});

export const assignLeadSchema = z.strictObject({
  id: leadId,
  /** A teammate's email; empty unassigns. */
  assignedTo: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.union([z.literal(""), z.email("Enter an email address").max(320)]),
  ),
});
