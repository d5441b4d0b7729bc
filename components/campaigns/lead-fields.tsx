"use client";
// Which lead details the agent must collect before it ends the call: a group of checkboxes,
// each posted as its own value so the form also works without JavaScript.
import { useController } from "react-hook-form";
import { LEAD_FIELDS, type LeadField } from "@/lib/validations/campaign";
import type { CampaignFormValues } from "@/lib/validations/campaign-form";
import { errorMessage } from "./form-fields";

const LABELS: Record<LeadField, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  company: "Company",
};

export function LeadFields() {
  const { field, fieldState } = useController<CampaignFormValues>({
    name: "flowConfig.requiredFields",
  });
  const selected = (field.value as LeadField[] | undefined) ?? [];
  const error = errorMessage(fieldState.error);
  const toggle = (lead: LeadField, on: boolean) =>
    field.onChange(LEAD_FIELDS.filter((f) => (f === lead ? on : selected.includes(f))));
  return (
    <fieldset aria-describedby={error ? "flowConfig-requiredFields-error" : undefined}>
      <legend className="sr-only">Required lead fields</legend>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {LEAD_FIELDS.map((lead) => (
          <label
            key={lead}
            className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-zinc-200 px-3 text-sm text-zinc-800 has-checked:border-brand-500 has-checked:bg-brand-50"
          >
            <input
              type="checkbox"
              name={field.name}
              value={lead}
              className="size-4 rounded border-zinc-300 accent-brand-600"
              checked={selected.includes(lead)}
              onChange={(e) => toggle(lead, e.target.checked)}
              onBlur={field.onBlur}
              aria-invalid={error ? true : undefined}
            />
            {LABELS[lead]}
          </label>
        ))}
      </div>
      {error ? (
        <p id="flowConfig-requiredFields-error" role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
