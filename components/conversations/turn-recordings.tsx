// One turn's recordings in the conversation timeline: an <audio> player per side (caller,
// agent), loaded by the page under RLS; nothing at all when the turn was not recorded.
import type { TurnRecording } from "@/lib/db/queries/recordings";

const LABEL = { caller: "Caller audio", agent: "Agent audio" } as const;

export function TurnRecordings({ recordings }: { recordings: TurnRecording[] }) {
  if (recordings.length === 0) return null;
  return (
    <div className="mt-2 flex flex-col gap-2">
      {recordings.map((r) => (
        <figure key={r.id} className="flex min-w-0 flex-col gap-1 sm:flex-row sm:items-center">
          <figcaption className="shrink-0 text-xs text-zinc-500 sm:w-24">
            {LABEL[r.role]} · {(r.durationMs / 1000).toFixed(1)} s
          </figcaption>
          {/* biome-ignore lint/a11y/useMediaCaption: the transcript beside it is the caption */}
          <audio
            controls
            preload="none"
            src={`/api/recordings/${r.id}`}
            className="h-9 w-full max-w-md"
          />
        </figure>
      ))}
    </div>
  );
}
