"use server";
// The lead page's mutations, as form actions (useActionState: they take the previous result
// and the form's data, so the forms post without JavaScript too). Each acts in the current
// workspace; the command checks the role and Postgres's policies decide.
import { assignLead, changeLeadStatus, saveLeadNotes } from "@/lib/leads/commands";
import { type ActionResult, runAction } from "./run-action";

export type LeadActionResult = ActionResult<unknown> | null;

const options = { revalidate: "/leads" };
const field = (data: FormData, name: string) => data.get(name) ?? undefined;

export async function changeLeadStatusAction(
  _prev: LeadActionResult,
  data: FormData,
): Promise<LeadActionResult> {
  return runAction(
    changeLeadStatus,
    { id: field(data, "id"), status: field(data, "status") },
    options,
  );
}

export async function saveLeadNotesAction(
  _prev: LeadActionResult,
  data: FormData,
): Promise<LeadActionResult> {
  return runAction(saveLeadNotes, { id: field(data, "id"), notes: field(data, "notes") }, options);
}

export async function assignLeadAction(
  _prev: LeadActionResult,
  data: FormData,
): Promise<LeadActionResult> {
  return runAction(
    assignLead,
    { id: field(data, "id"), assignedTo: field(data, "assignedTo") },
    options,
  );
}
