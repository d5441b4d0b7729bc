// A list's filters as a plain GET form: the URL holds the view, so filtering works without
// JavaScript, survives a reload, and every filtered view is a link to share or bookmark.
import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/field";

/** The form, its fields (children), then Apply and, with `reset`, a link to the unfiltered view. */
export function FilterBar({
  action,
  label,
  grid,
  reset,
  actionsClassName = "col-span-2 sm:col-span-1",
  testId,
  children,
}: {
  action: string;
  /** The form's accessible name. */
  label: string;
  /** The grid's columns at each width. */
  grid: string;
  reset?: { href: string; label: string };
  actionsClassName?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <search>
      <form
        method="get"
        action={action}
        aria-label={label}
        data-testid={testId}
        className={cn(
          "grid grid-cols-2 gap-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-xs lg:items-end",
          grid,
        )}
      >
        {children}
        <div className={cn("flex items-end gap-2", actionsClassName)}>
          <button type="submit" className={buttonClasses("primary", "flex-1 lg:flex-none")}>
            Apply
          </button>
          {reset && (
            <Link href={reset.href} className={buttonClasses("ghost", "flex-1 lg:flex-none")}>
              {reset.label}
            </Link>
          )}
        </div>
      </form>
    </search>
  );
}

/** One labelled filter. */
export function FilterField({
  id,
  label,
  className,
  children,
}: {
  id: string;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** The campaign filter: all of them, or one. */
export function CampaignSelect({
  id,
  value,
  campaigns,
  className,
}: {
  id: string;
  value?: string;
  campaigns: { id: string; name: string }[];
  className?: string;
}) {
  return (
    <Select id={id} name="campaign" defaultValue={value ?? ""} className={className}>
      <option value="">All campaigns</option>
      {campaigns.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </Select>
  );
}
