// One reply's latency as a stacked bar: speech-to-text, the LLM's first token, the TTS's
// first byte, and the rest of the turn up to its total. Widths share one scale across the
// call (`scaleMs`, the slowest turn) so turns compare at a glance.
import { formatMs } from "./format";

export const LATENCY_PARTS = [
  { key: "stt", label: "STT", color: "bg-sky-400" },
  { key: "llm", label: "LLM first token", color: "bg-violet-500" },
  { key: "tts", label: "TTS first byte", color: "bg-amber-400" },
  { key: "rest", label: "Rest of turn", color: "bg-zinc-300" },
] as const;

export interface Latency {
  stt: number;
  llm: number;
  tts: number;
  rest: number;
  total: number;
}

/** The parts of a reply's latency, or null when the turn recorded no total. */
export function latencyOf(
  reply: {
    llm_first_token_ms: number | null;
    tts_first_byte_ms: number | null;
    total_ms: number | null;
  },
  sttMs: number | null,
): Latency | null {
  if (reply.total_ms === null) return null;
  const stt = sttMs ?? 0;
  const llm = reply.llm_first_token_ms ?? 0;
  const tts = reply.tts_first_byte_ms ?? 0;
  const total = Math.max(reply.total_ms, stt + llm + tts);
  return { stt, llm, tts, rest: total - stt - llm - tts, total };
}

export function LatencyBar({ latency, scaleMs }: { latency: Latency; scaleMs: number }) {
  const pct = (ms: number) => `${(ms / Math.max(scaleMs, 1)) * 100}%`;
  const title = LATENCY_PARTS.map((p) => `${p.label} ${formatMs(latency[p.key])}`).join(" · ");
  return (
    <div className="flex items-center gap-2" data-testid="latency-bar">
      <div
        className="flex h-2 min-w-0 flex-1 overflow-hidden rounded-full bg-zinc-100"
        role="img"
        aria-label={`Latency ${formatMs(latency.total)}: ${title}`}
        title={title}
      >
        <div className="flex h-full" style={{ width: pct(latency.total) }}>
          {LATENCY_PARTS.map((p) =>
            latency[p.key] > 0 ? (
              <div
                key={p.key}
                className={`h-full ${p.color}`}
                style={{ width: `${(latency[p.key] / latency.total) * 100}%` }}
              />
            ) : null,
          )}
        </div>
      </div>
      <span className="w-14 shrink-0 text-right text-xs tabular-nums text-zinc-600">
        {formatMs(latency.total)}
      </span>
    </div>
  );
}

export function LatencyLegend() {
  return (
    <ul
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600"
      aria-label="Latency legend"
    >
      {LATENCY_PARTS.map((p) => (
        <li key={p.key} className="flex items-center gap-1.5">
          <span className={`size-2.5 rounded-sm ${p.color}`} aria-hidden />
          {p.label}
        </li>
      ))}
    </ul>
  );
}
