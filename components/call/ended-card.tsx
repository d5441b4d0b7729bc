import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { CallState } from "@/lib/call-client/state";
import { formatDuration } from "./call-timer";
import { Captions } from "./captions";

const why: Record<NonNullable<CallState["endedBy"]>, string> = {
  caller: "You ended the call.",
  agent: "The agent ended the call.",
  idle: "The call ended after a long silence.",
  error: "The call could not continue.",
};

/** After the call: a short summary, the transcript and "call again". */
export function EndedCard({
  name,
  state,
  onAgain,
}: {
  name: string;
  state: CallState;
  onAgain: () => void;
}) {
  const seconds =
    state.startedAt && state.endedAt ? Math.round((state.endedAt - state.startedAt) / 1000) : 0;
  return (
    <Card className="p-6 sm:p-8" data-testid="call-ended">
      <p className="text-sm font-medium text-zinc-500">{name}</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">Call ended</h1>
      <p className="mt-2 text-sm text-zinc-600" role="status">
        {state.error?.message ?? why[state.endedBy ?? "caller"]} Duration {formatDuration(seconds)}.
      </p>
      {state.captions.length ? (
        <div className="mt-6 max-h-72 overflow-y-auto rounded-md bg-zinc-50 p-3 ring-1 ring-zinc-200">
          <Captions captions={state.captions} live={false} />
        </div>
      ) : null}
      <Button className="mt-6 h-11 w-full text-base" onClick={onAgain}>
        Call again
      </Button>
    </Card>
  );
}
