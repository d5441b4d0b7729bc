// The call at a glance: duration, turns, and its cost split by STT, LLM and TTS.
import { Card } from "@/components/ui/card";
import type { ConversationRow } from "@/lib/db/queries/conversations";
import { formatCost, formatDuration } from "./format";

const SPLIT = [
  { key: "stt_cost_usd", label: "STT", color: "bg-sky-400" },
  { key: "llm_cost_usd", label: "LLM", color: "bg-violet-500" },
  { key: "tts_cost_usd", label: "TTS", color: "bg-amber-400" },
] as const;

export function CallTotals({ conversation: c }: { conversation: ConversationRow }) {
  const parts = SPLIT.reduce((sum, s) => sum + c[s.key], 0);
  return (
    <Card className="p-4" data-testid="call-totals">
      <dl className="grid grid-cols-3 gap-3">
        <div>
          <dt className="text-xs text-zinc-500">Duration</dt>
          <dd className="text-lg font-semibold tabular-nums text-zinc-900">
            {formatDuration(c.duration_seconds)}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">Turns</dt>
          <dd className="text-lg font-semibold tabular-nums text-zinc-900">{c.turn_count}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500">Cost</dt>
          <dd className="text-lg font-semibold tabular-nums text-zinc-900">
            {formatCost(c.total_cost_usd)}
          </dd>
        </div>
      </dl>
      {parts > 0 ? (
        <>
          <div className="mt-3 flex h-1.5 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
            {SPLIT.map((s) => (
              <div
                key={s.key}
                className={s.color}
                style={{ width: `${(c[s.key] / parts) * 100}%` }}
              />
            ))}
          </div>
          <ul className="mt-2 flex justify-between text-xs text-zinc-600">
            {SPLIT.map((s) => (
              <li key={s.key} className="flex items-center gap-1.5">
                <span className={`size-2 rounded-sm ${s.color}`} aria-hidden />
                {s.label} <span className="tabular-nums text-zinc-900">{formatCost(c[s.key])}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}
