"use client";

import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { LiveSnapshot } from "@/lib/live/monitor";
import { LiveCallCard } from "./live-call-card";
import { useLiveFeed } from "./use-live-feed";

const statusLook = {
  connecting: { label: "Connecting…", dot: "bg-amber-500 animate-pulse" },
  live: { label: "Live", dot: "bg-emerald-500" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500 animate-pulse" },
};

/** The workspace's calls in progress, updated as they happen. */
export function LiveMonitor({
  initial,
  me,
  names,
  canTakeOver,
  roomAudio,
}: {
  initial: LiveSnapshot;
  me: string;
  names: Record<string, string>;
  canTakeOver: boolean;
  roomAudio: boolean;
}) {
  const { state, status } = useLiveFeed(initial);
  const look = statusLook[status];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600">
        <p data-testid="live-count">
          {state.calls.length === 1 ? "1 call" : `${state.calls.length} calls`} in progress
        </p>
        <span
          role="status"
          data-testid="live-status"
          data-status={status}
          className="inline-flex items-center gap-2 rounded-full bg-zinc-100 px-3 py-1 font-medium text-zinc-800"
        >
          <span aria-hidden className={cn("size-2 rounded-full", look.dot)} />
          {look.label}
        </span>
      </div>
      {!canTakeOver ? (
        <p className="rounded-md border border-zinc-200 bg-zinc-50 px-4 py-3 text-sm text-zinc-600">
          You are a viewer here: you can follow calls, but only members can take one over.
        </p>
      ) : null}
      {state.calls.length === 0 ? (
        <Card className="px-6 py-14 text-center" data-testid="live-empty">
          <h2 className="text-base font-semibold text-zinc-900">No calls right now</h2>
          <p className="mx-auto mt-2 max-w-sm text-sm text-zinc-500">
            Calls show up here the moment a caller starts one, with the transcript as it happens.
          </p>
        </Card>
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2" data-testid="live-calls">
          {state.calls.map((call) => (
            <li key={call.id}>
              <LiveCallCard
                call={call}
                turns={state.turns[call.id] ?? []}
                me={me}
                holder={call.hold ? (names[call.hold.by] ?? "A teammate") : null}
                canTakeOver={canTakeOver}
                roomAudio={roomAudio}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
