import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { DEFAULT_QUALIFY_THRESHOLD } from "@/lib/validations/campaign";

const STATUS: Record<string, { label: string; tone: "gray" | "green" | "amber" | "blue" }> = {
  active: { label: "In progress", tone: "blue" },
  ended: { label: "Ended", tone: "green" },
  failed: { label: "Failed", tone: "amber" },
};

export function CallStatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "gray" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

export function ChannelBadge({ channel }: { channel: string }) {
  return (
    <span className="inline-flex items-center gap-1 text-xs font-medium text-zinc-600">
      <span aria-hidden>{channel === "phone" ? "☎" : "◉"}</span>
      {channel === "phone" ? "Phone" : "Web"}
    </span>
  );
}

export function TestBadge() {
  return (
    <span
      title="Placed from the dashboard with Try it"
      className="inline-flex items-center rounded-sm bg-violet-50 px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-violet-700 ring-1 ring-violet-200 ring-inset"
    >
      Test
    </span>
  );
}

/** The lead's score out of 100, coloured by how qualified it reads. */
export function ScorePill({ score, className }: { score: number | null; className?: string }) {
  if (score === null) return <span className="text-zinc-400">—</span>;
  const tone =
    score >= DEFAULT_QUALIFY_THRESHOLD
      ? "bg-emerald-50 text-emerald-700 ring-emerald-200"
      : score >= 30
        ? "bg-amber-50 text-amber-800 ring-amber-200"
        : "bg-zinc-100 text-zinc-600 ring-zinc-200";
  return (
    <span
      className={cn(
        "inline-flex min-w-9 justify-center rounded-md px-1.5 py-0.5 text-xs font-semibold tabular-nums ring-1 ring-inset",
        tone,
        className,
      )}
    >
      {Math.round(score)}
    </span>
  );
}
