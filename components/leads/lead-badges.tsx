import { cn } from "@/components/ui/cn";
import { LEAD_STATUS_LABELS, type LeadStatus, type UrgencyLevel } from "@/lib/validations/lead";

const pill =
  "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const statusTone: Record<LeadStatus, string> = {
  new: "bg-sky-50 text-sky-700 ring-sky-200",
  contacted: "bg-violet-50 text-violet-700 ring-violet-200",
  qualified: "bg-amber-50 text-amber-800 ring-amber-200",
  won: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  lost: "bg-zinc-100 text-zinc-600 ring-zinc-200",
};

export function LeadStatusPill({ status }: { status: LeadStatus }) {
  return (
    <span className={cn(pill, statusTone[status])} data-testid="lead-status">
      {LEAD_STATUS_LABELS[status]}
    </span>
  );
}

/** The score out of 100; green when it reaches the campaign's qualify threshold. */
export function ScoreBadge({ score, threshold }: { score: number | null; threshold: number }) {
  if (score === null) {
    return (
      <span className={cn(pill, "bg-white text-zinc-400 ring-zinc-200")} title="Not scored yet">
        —
      </span>
    );
  }
  const qualified = score >= threshold;
  return (
    <span
      className={cn(
        pill,
        "min-w-10 justify-center tabular-nums",
        qualified
          ? "bg-emerald-600 text-white ring-emerald-600"
          : score >= threshold / 2
            ? "bg-amber-50 text-amber-800 ring-amber-200"
            : "bg-zinc-100 text-zinc-600 ring-zinc-200",
      )}
      title={
        qualified ? `Qualified (threshold ${threshold})` : `Below the threshold of ${threshold}`
      }
    >
      {Math.round(score)}
    </span>
  );
}

const urgencyTone: Record<UrgencyLevel, string> = {
  high: "text-red-700",
  medium: "text-amber-700",
  low: "text-zinc-500",
};

export function UrgencyLabel({ urgency }: { urgency: UrgencyLevel | null }) {
  if (!urgency) return <span className="text-zinc-400">—</span>;
  return (
    <span className={cn("text-xs font-medium capitalize", urgencyTone[urgency])}>{urgency}</span>
  );
}
