import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import { cn } from "@/components/ui/cn";

const control =
  "block w-full rounded-md border bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:outline-2 focus:outline-offset-0 focus:outline-brand-500";
const controlBorder = (error?: string) => (error ? "border-red-400" : "border-zinc-300");

/** A labelled form control with its hint and validation message. */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-zinc-500">{hint}</p>
      ) : null}
    </div>
  );
}

type WithError = { error?: string };

export function Input({
  error,
  className,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & WithError) {
  return (
    <input
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${props.id}-error` : undefined}
      className={cn(control, "h-9", controlBorder(error), className)}
      {...props}
    />
  );
}

export function Textarea({
  error,
  className,
  ...props
}: TextareaHTMLAttributes<HTMLTextAreaElement> & WithError) {
  return (
    <textarea
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? `${props.id}-error` : undefined}
      className={cn(control, controlBorder(error), className)}
      {...props}
    />
  );
}

export function Select({
  error,
  className,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & WithError) {
  return (
    <select
      aria-invalid={error ? true : undefined}
      className={cn(control, "h-9 py-0", controlBorder(error), className)}
      {...props}
    />
  );
}
