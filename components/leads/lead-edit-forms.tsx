"use client";
// The lead's edits as form actions: each form posts to its server action, so it works before
// (or without) JavaScript; with it, the result shows in place. React renders these forms with
// method="POST" itself (and warns if a form with a function action sets method).
import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import {
  assignLeadAction,
  changeLeadStatusAction,
  type LeadActionResult,
  saveLeadNotesAction,
} from "@/lib/actions/update-lead";
import {
  LEAD_STATUS_LABELS,
  LEAD_TRANSITIONS,
  type LeadStatus,
  NOTES_MAX,
} from "@/lib/validations/lead";

const errorOf = (result: LeadActionResult) => (result && !result.ok ? result.error : null);

function Outcome({ result, saved = "Saved." }: { result: LeadActionResult; saved?: string }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="text-sm text-emerald-700">
      {saved}
    </p>
  ) : result.error.fields && Object.keys(result.error.fields).length ? null : (
    <p role="alert" className="text-sm text-red-600">
      {result.error.message}
    </p>
  );
}

const verb: Record<LeadStatus, string> = {
  new: "Back to new",
  contacted: "Mark contacted",
  qualified: "Mark qualified",
  won: "Mark won",
  lost: "Mark lost",
};

export function LeadStatusForm({ id, status }: { id: string; status: LeadStatus }) {
  const [result, action, pending] = useActionState(changeLeadStatusAction, null);
  const error = errorOf(result);
  return (
    <form action={action} className="space-y-3" data-testid="lead-status-form">
      <input type="hidden" name="id" value={id} />
      <div className="flex flex-wrap gap-2">
        {LEAD_TRANSITIONS[status].map((next) => (
          <Button
            key={next}
            type="submit"
            name="status"
            value={next}
            disabled={pending}
            variant={next === "won" ? "primary" : next === "lost" ? "danger" : "secondary"}
          >
            {status === "won" || status === "lost"
              ? `Reopen as ${LEAD_STATUS_LABELS[next].toLowerCase()}`
              : verb[next]}
          </Button>
        ))}
      </div>
      {error?.fields?.status ? (
        <p role="alert" className="text-sm text-red-600">
          {error.fields.status}
        </p>
      ) : (
        <Outcome result={result} saved={`Status: ${LEAD_STATUS_LABELS[status]}.`} />
      )}
    </form>
  );
}

export function LeadNotesForm({ id, notes }: { id: string; notes: string | null }) {
  const [result, action, pending] = useActionState(saveLeadNotesAction, null);
  const fieldId = useId();
  const error = errorOf(result)?.fields?.notes;
  return (
    <form action={action} className="space-y-3" data-testid="lead-notes-form">
      <input type="hidden" name="id" value={id} />
      <Field id={fieldId} label="Notes" error={error} hint="Only your team sees these.">
        <Textarea
          id={fieldId}
          name="notes"
          rows={5}
          maxLength={NOTES_MAX}
          defaultValue={notes ?? ""}
          placeholder="Called back on Tuesday; wants a quote for the kitchen."
          error={error}
        />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save notes"}
        </Button>
        <Outcome result={result} />
      </div>
    </form>
  );
}

export function LeadAssignForm({
  id,
  assignedTo,
  members,
}: {
  id: string;
  assignedTo: string | null;
  members: string[];
}) {
  const [result, action, pending] = useActionState(assignLeadAction, null);
  const fieldId = useId();
  const error = errorOf(result)?.fields?.assignedTo;
  return (
    <form action={action} className="space-y-3" data-testid="lead-assign-form">
      <input type="hidden" name="id" value={id} />
      <Field
        id={fieldId}
        label="Assigned to"
        error={error}
        hint="A teammate's email; leave empty to unassign."
      >
        <Input
          id={fieldId}
          name="assignedTo"
          type="email"
          list={`${fieldId}-members`}
          defaultValue={assignedTo ?? ""}
          placeholder="teammate@company.com"
          autoComplete="off"
          error={error}
        />
      </Field>
      <datalist id={`${fieldId}-members`}>
        {members.map((email) => (
          <option key={email} value={email} />
        ))}
      </datalist>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Assign"}
        </Button>
        <Outcome result={result} />
      </div>
    </form>
  );
}
