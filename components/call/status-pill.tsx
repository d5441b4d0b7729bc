import { cn } from "@/components/ui/cn";
import type { Phase } from "@/lib/call-client/state";

const look: Record<Phase, { label: string; dot: string }> = {
  ready: { label: "Ready", dot: "bg-zinc-400" },
  connecting: { label: "Connecting…", dot: "bg-amber-500 animate-pulse" },
  listening: { label: "Listening", dot: "bg-emerald-500" },
  thinking: { label: "Thinking…", dot: "bg-brand-500 animate-pulse" },
  speaking: { label: "Agent speaking", dot: "bg-brand-600 animate-pulse" },
  ended: { label: "Call ended", dot: "bg-zinc-400" },
};

export function StatusPill({ phase }: { phase: Phase }) {
  const { label, dot } = look[phase];
  return (
    <span
      role="status"
      data-testid="call-status"
      data-phase={phase}
      className="inline-flex items-center gap-2 rounded-full bg-zinc-100 px-3 py-1 text-sm font-medium text-zinc-800"
    >
      <span aria-hidden className={cn("size-2 rounded-full", dot)} />
      {label}
    </span>
  );
}
