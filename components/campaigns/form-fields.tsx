"use client";
// The campaign form's controls, bound to react-hook-form by field path: each one renders its
// label, value, hint and error, so a section lists fields instead of wiring them by hand.
// Controlled (useController), so the server-rendered page already shows the values and a
// form posted before JavaScript loads sends them. Focus goes by element id (fieldId), in
// page order, rather than through refs: the ui primitives do not forward one.
import { createContext, type ReactNode, useContext } from "react";
import { type FieldPath, useController } from "react-hook-form";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import type { CampaignFormValues } from "@/lib/validations/campaign-form";

export type FieldName = FieldPath<CampaignFormValues>;

/** "flowConfig.questions.0.text" → "flowConfig-questions-0-text": a valid, stable element id. */
export const fieldId = (name: string) => name.replaceAll(".", "-");

/**
 * The field the server named first when it rejected a form posted without JavaScript: it
 * gets `autoFocus`, so the browser focuses and scrolls to it on load.
 */
export const FirstErrorContext = createContext<string | undefined>(undefined);

/** An error's message, or the first one nested inside it (a keyword of a question). */
export function errorMessage(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { message?: unknown; root?: unknown };
  if (typeof e.message === "string" && e.message) return e.message;
  for (const [key, value] of Object.entries(e)) {
    if (key === "ref" || key === "types") continue; // an element, or every message of one field
    const nested = errorMessage(value);
    if (nested) return nested;
  }
  return undefined;
}

/** How many fields have an error (each field once, however many messages it holds). */
export function countFieldErrors(errors: unknown): number {
  if (!errors || typeof errors !== "object") return 0;
  const e = errors as { message?: unknown };
  if (typeof e.message === "string" && e.message) return 1;
  let n = 0;
  for (const [key, value] of Object.entries(e)) {
    if (key !== "ref" && key !== "types") n += countFieldErrors(value);
  }
  return n;
}

function useField(name: FieldName) {
  const { field, fieldState } = useController<CampaignFormValues>({ name });
  const autoFocus = useContext(FirstErrorContext) === name || undefined;
  return { field, error: errorMessage(fieldState.error), id: fieldId(name), autoFocus };
}

type Common = {
  name: FieldName;
  label: string;
  hint?: string;
};

export function TextField({
  rows,
  maxLength,
  placeholder,
  ...props
}: Common & { rows?: number; maxLength?: number; placeholder?: string }) {
  const { field, error, id, autoFocus } = useField(props.name);
  const control = {
    id,
    name: field.name,
    value: (field.value as string | undefined) ?? "",
    onChange: field.onChange,
    onBlur: field.onBlur,
    error,
    autoFocus,
    maxLength,
    placeholder,
  };
  return (
    <Field id={id} label={props.label} hint={props.hint} error={error}>
      {rows ? <Textarea rows={rows} {...control} /> : <Input {...control} />}
    </Field>
  );
}

export function NumberField({
  min,
  max,
  step,
  ...props
}: Common & { min: number; max: number; step?: number }) {
  const { field, error, id, autoFocus } = useField(props.name);
  const value = field.value as number | undefined;
  return (
    <Field id={id} label={props.label} hint={props.hint} error={error}>
      <Input
        id={id}
        name={field.name}
        type="number"
        inputMode={step && step < 1 ? "decimal" : "numeric"}
        min={min}
        max={max}
        step={step}
        value={value === undefined || Number.isNaN(value) ? "" : value}
        onChange={(e) => field.onChange(e.target.valueAsNumber)}
        onBlur={field.onBlur}
        error={error}
        autoFocus={autoFocus}
      />
    </Field>
  );
}

export function SelectField({
  options,
  ...props
}: Common & { options: { value: string; label: string }[] }) {
  const { field, error, id, autoFocus } = useField(props.name);
  return (
    <Field id={id} label={props.label} hint={props.hint} error={error}>
      <Select
        id={id}
        name={field.name}
        // An empty option stands for "not set" (the schema's optional fields).
        value={(field.value as string | undefined) ?? ""}
        onChange={(e) => field.onChange(e.target.value || undefined)}
        onBlur={field.onBlur}
        error={error}
        aria-describedby={error ? `${id}-error` : undefined}
        autoFocus={autoFocus}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A row of fields that sits side by side on wide screens and stacks on a phone. */
export function FieldRow({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={`grid gap-5 ${className ?? "sm:grid-cols-2"}`}>{children}</div>;
}
