// Lead operations for a signed-in user acting in a workspace: the list, one lead, and the
// edits (status through the workflow, notes, assignment to a teammate). Every one runs in
// withUser, so RLS decides: viewers read, members and above edit. The role check before each
// edit only turns a refusal into a clear 403; Postgres refuses a viewer's update anyway (the
// leads_update policy matches no row for them).
import { z } from "zod";
import { command } from "@/lib/command";
import * as q from "@/lib/db/queries/leads";
import { hasRole } from "@/lib/db/queries/workspaces";
import { type Tx, withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import {
  assignLeadSchema,
  changeLeadStatusSchema,
  LEAD_STATUS_LABELS,
  LEAD_TRANSITIONS,
  type LeadFilter,
  saveLeadNotesSchema,
} from "@/lib/validations/lead";
import type { Actor } from "@/lib/workspaces/actor";

export const LEADS_PAGE_SIZE = 25;

/** One page of the actor's workspace's leads matching `filter`. */
export function listLeadsFor(
  actor: Actor,
  filter: LeadFilter,
  cursor?: string,
  limit = LEADS_PAGE_SIZE,
) {
  return withUser(actor.claims, (trx) =>
    q.listLeads(trx, {
      workspaceId: actor.workspaceId,
      q: filter.q,
      campaignId: filter.campaign,
      status: filter.status,
      urgency: filter.urgency,
      sort: filter.sort,
      cursor,
      limit,
    }),
  );
}

export const getLead = command(
  z.strictObject({ id: z.uuid("Unknown lead") }),
  async (actor, { id }) => {
    const lead = await withUser(actor.claims, (trx) => q.getLead(trx, actor.workspaceId, id));
    if (!lead) throw notFound("Lead");
    return lead;
  },
);

/** The emails a lead of the actor's workspace can be assigned to. */
export function assignableEmails(actor: Actor) {
  return withUser(actor.claims, (trx) => q.memberEmails(trx, actor.workspaceId));
}

const roleRefused = () =>
  new AppError("forbidden", "Your role in this workspace cannot change leads", 403);

/** Runs `edit` on a visible lead, for members and above. */
function editLead<T>(actor: Actor, id: string, edit: (trx: Tx, lead: q.LeadDetail) => Promise<T>) {
  return withUser(actor.claims, async (trx) => {
    const lead = await q.getLead(trx, actor.workspaceId, id);
    if (!lead) throw notFound("Lead");
    if (!(await hasRole(trx, actor.workspaceId, "member"))) throw roleRefused();
    return edit(trx, lead);
  });
}

/** Moves a lead along its workflow (LEAD_TRANSITIONS); a move it does not allow is a 409. */
export const changeLeadStatus = command(changeLeadStatusSchema, (actor, { id, status }) =>
  editLead(actor, id, async (trx, lead) => {
    if (lead.status === status) return { id, status };
    if (!LEAD_TRANSITIONS[lead.status].includes(status)) {
      const message = `A ${LEAD_STATUS_LABELS[lead.status].toLowerCase()} lead cannot become ${LEAD_STATUS_LABELS[status].toLowerCase()}`;
      throw new AppError("conflict", message, 409, { status: message });
    }
    // Compare-and-set on the status read above: a concurrent change wins, this one is a 409.
    const updated = await q.updateLead(trx, actor.workspaceId, id, { status }, lead.status);
    if (!updated) {
      throw new AppError("conflict", "The lead changed meanwhile: reload and try again", 409);
    }
    return { id, status };
  }),
);

export const saveLeadNotes = command(saveLeadNotesSchema, (actor, { id, notes }) =>
  editLead(actor, id, async (trx) => {
    const text = notes.replace(/\r\n/g, "\n").trim();
    await q.updateLead(trx, actor.workspaceId, id, { notes: text || null });
    return { id, notes: text || null };
  }),
);

/** Assigns a lead to a member of its workspace by email ("" unassigns). */
export const assignLead = command(assignLeadSchema, (actor, { id, assignedTo }) =>
  editLead(actor, id, async (trx) => {
    if (assignedTo) {
      const members = await q.memberEmails(trx, actor.workspaceId);
      if (!members.some((e) => e.toLowerCase() === assignedTo)) {
        const message = "Not a member of this workspace";
        throw new AppError("invalid_input", `assignedTo: ${message}`, 400, {
          assignedTo: message,
        });
      }
    }
    await q.updateLead(trx, actor.workspaceId, id, { assignedTo: assignedTo || null });
    return { id, assignedTo: assignedTo || null };
  }),
);
