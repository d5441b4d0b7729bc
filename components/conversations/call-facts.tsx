// Where the call came from and how it ended; for phone calls the caller's masked number,
// Twilio's status, and any transfer or voicemail.
import { Card } from "@/components/ui/card";
import type { ConversationRow } from "@/lib/db/queries/conversations";
import { formatDuration, formatWhenLong, maskPhone } from "./format";

const END_REASONS: Record<string, string> = {
  completed: "Completed",
  caller_declined: "Caller declined",
  caller_left: "Caller left",
  caller_hung_up: "Caller hung up",
  idle_timeout: "Caller went silent",
  tab_closed: "Caller closed the page",
};

/** "no_answer" / "no-answer" → "No answer". */
const sentence = (s: string) => s.replace(/[_-]/g, " ").replace(/^./, (ch) => ch.toUpperCase());
const endReason = (r: string) => END_REASONS[r] ?? sentence(r);

export function CallFacts({ conversation: c }: { conversation: ConversationRow }) {
  const rows: [string, string | null][] = [
    ["Started", formatWhenLong(c.started_at)],
    ["Ended", c.ended_at ? formatWhenLong(c.ended_at) : null],
    ["Outcome", c.end_reason ? endReason(c.end_reason) : null],
    ["Caller", c.caller_name],
    ["Email", c.caller_email],
    ["Number", maskPhone(c.caller_phone)],
    ["Phone status", c.phone_status ? sentence(c.phone_status) : null],
    ["Transferred to", c.transfer_target],
  ];
  return (
    <Card className="p-4">
      <h2 className="text-sm font-semibold text-zinc-900">Call</h2>
      <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-500">{k}</dt>
              <dd className="truncate text-zinc-900">{v}</dd>
            </div>
          ))}
      </dl>
      {c.voicemail_url || c.voicemail_transcript ? (
        <div className="mt-3 rounded-md bg-zinc-50 p-2.5 text-sm" data-testid="voicemail">
          <p className="text-xs font-medium text-zinc-600">
            Voicemail
            {c.voicemail_duration_seconds !== null
              ? ` · ${formatDuration(c.voicemail_duration_seconds)}`
              : ""}
          </p>
          {c.voicemail_transcript ? (
            <p className="mt-1 text-zinc-800">“{c.voicemail_transcript}”</p>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
