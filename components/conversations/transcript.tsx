// The call as a timeline: who spoke, what was said, and for each reply its latency and
// cost. An interrupted reply shows what the caller heard before cutting in, with the full
// reply beneath. Each line is anchored (#turn-<seq>) so the lead's evidence can link to it.
import { cn } from "@/components/ui/cn";
import type { TurnRow } from "@/lib/db/queries/conversations";
import type { TurnRecording } from "@/lib/db/queries/recordings";
import { formatCost } from "./format";
import { type Latency, LatencyBar, LatencyLegend, latencyOf } from "./latency-bar";
import { TurnRecordings } from "./turn-recordings";

const ROLE = {
  caller: { label: "Caller", dot: "bg-zinc-400", bubble: "bg-zinc-100 text-zinc-900" },
  agent: { label: "Agent", dot: "bg-brand-500", bubble: "bg-brand-50 text-zinc-900" },
  human_agent: {
    label: "Human agent",
    dot: "bg-amber-500",
    bubble: "bg-amber-50 text-zinc-900 ring-1 ring-amber-200 ring-inset",
  },
  system: { label: "System", dot: "bg-zinc-300", bubble: "text-zinc-500 italic" },
} as const;

/** Each reply's latency, with the speech-to-text time of the caller line it answers. */
function latencies(turns: TurnRow[]) {
  const out = new Map<number, Latency>();
  let callerStt: number | null = null;
  for (const t of turns) {
    if (t.role === "caller") callerStt = t.stt_ms;
    else if (t.role === "agent") {
      const l = latencyOf(t, callerStt);
      if (l) out.set(t.seq, l);
      callerStt = null;
    }
  }
  return out;
}

export function Transcript({
  turns,
  recordings,
}: {
  turns: TurnRow[];
  /** Each turn's recordings by seq (the campaign records calls). */
  recordings: Map<number, TurnRecording[]>;
}) {
  const lat = latencies(turns);
  const scale = Math.max(0, ...[...lat.values()].map((l) => l.total));
  return (
    <section aria-labelledby="transcript-title">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2">
        <h2 id="transcript-title" className="text-sm font-semibold text-zinc-900">
          Transcript
        </h2>
        {lat.size ? <LatencyLegend /> : null}
      </div>
      {turns.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500">
          Nothing was said on this call.
        </p>
      ) : (
        <ol className="relative space-y-1 border-l border-zinc-200 pl-5" data-testid="transcript">
          {turns.map((t) => {
            const role = ROLE[t.role];
            const latency = lat.get(t.seq);
            const cut = t.interrupted && t.heard_text !== null;
            return (
              <li
                key={t.seq}
                id={`turn-${t.seq}`}
                data-role={t.role}
                className="group relative scroll-mt-24 rounded-md px-2 py-2 target:bg-yellow-50 target:ring-1 target:ring-yellow-300"
              >
                <span
                  className={cn(
                    "absolute top-3.5 -left-[25px] size-2.5 rounded-full ring-4 ring-white",
                    role.dot,
                  )}
                  aria-hidden
                />
                <div className="mb-1 flex flex-wrap items-center gap-x-2 text-xs">
                  <span className="font-semibold text-zinc-800">{role.label}</span>
                  <a
                    href={`#turn-${t.seq}`}
                    className="text-zinc-400 tabular-nums hover:text-zinc-600"
                  >
                    #{t.seq}
                  </a>
                  {cut ? (
                    <span className="rounded-sm bg-rose-50 px-1.5 py-0.5 font-medium text-rose-700">
                      Interrupted
                    </span>
                  ) : null}
                  {t.error_code ? (
                    <span className="rounded-sm bg-amber-50 px-1.5 py-0.5 font-medium text-amber-800">
                      {t.error_code}
                    </span>
                  ) : null}
                  {t.cost_usd > 0 ? (
                    <span className="ml-auto text-zinc-500 tabular-nums" title="Cost of this turn">
                      {formatCost(t.cost_usd)}
                    </span>
                  ) : null}
                </div>
                {cut ? (
                  <div className={cn("space-y-1 rounded-lg px-3 py-2 text-sm", role.bubble)}>
                    <p>
                      <span className="mr-1.5 text-xs font-medium text-zinc-500">Heard</span>
                      {t.heard_text || "…"}
                    </p>
                    <p className="text-zinc-500">
                      <span className="mr-1.5 text-xs font-medium">Full reply</span>
                      <FullReply text={t.text} heard={t.heard_text ?? ""} />
                    </p>
                  </div>
                ) : (
                  <p
                    className={cn("whitespace-pre-wrap rounded-lg px-3 py-2 text-sm", role.bubble)}
                  >
                    {t.text || <span className="text-zinc-400">(silence)</span>}
                  </p>
                )}
                {latency ? (
                  <div className="mt-1.5 max-w-md">
                    <LatencyBar latency={latency} scaleMs={scale} />
                  </div>
                ) : null}
                <TurnRecordings recordings={recordings.get(t.seq) ?? []} />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The full reply, the part the caller never heard greyed out. */
function FullReply({ text, heard }: { text: string; heard: string }) {
  const prefix = heard && text.startsWith(heard) ? heard : "";
  return (
    <>
      {prefix}
      <span className="text-zinc-400 line-through decoration-zinc-300">
        {text.slice(prefix.length)}
      </span>
    </>
  );
}
