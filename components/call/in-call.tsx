"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { CallSession } from "@/lib/call-client/session";
import type { CallState, MicState } from "@/lib/call-client/state";
import { CallTimer } from "./call-timer";
import { Captions } from "./captions";
import { LevelMeter } from "./level-meter";
import { StatusPill } from "./status-pill";
import { TypedInput } from "./typed-input";

const micProblem: Partial<Record<MicState, string>> = {
  denied:
    "Microphone access was blocked, so this call is in typed mode. To talk instead, allow the microphone in your browser's address bar and call again.",
  missing: "No microphone was found, so this call is in typed mode.",
  unsupported: "This browser can't share a microphone here, so this call is in typed mode.",
  failed: "The microphone couldn't be started, so this call is in typed mode.",
};

/** During the call: state, captions, level, mute, end, and the typed fallback. */
export function InCall({
  name,
  state,
  session,
  serverStt,
}: {
  name: string;
  state: CallState;
  session: CallSession;
  serverStt: boolean;
}) {
  const hasMic = state.mic === "ok";
  const busy = state.phase === "connecting";
  return (
    <Card className="flex min-h-[70dvh] flex-col overflow-hidden" data-testid="in-call">
      <div className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3">
        <div className="min-w-0">
          <h1 className="truncate text-base font-semibold text-zinc-900">{name}</h1>
          <CallTimer startedAt={state.startedAt} />
        </div>
        <StatusPill phase={state.phase} />
      </div>

      <div className="flex-1 overflow-y-auto bg-zinc-50 px-4 py-4">
        {busy && !state.captions.length ? (
          <p className="text-center text-sm text-zinc-500">Connecting you to the agent…</p>
        ) : (
          <Captions captions={state.captions} />
        )}
      </div>

      <div className="space-y-3 border-t border-zinc-200 px-4 py-4">
        {micProblem[state.mic] ? (
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {micProblem[state.mic]}
          </p>
        ) : null}
        {state.heldByHuman ? (
          <p
            role="status"
            data-testid="human-replying"
            className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
          >
            <span aria-hidden className="size-2 animate-pulse rounded-full bg-emerald-500" />A team
            member is replying…
          </p>
        ) : null}
        {state.notice ? (
          <p role="status" className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700">
            {state.notice}
          </p>
        ) : null}
        {state.error ? (
          <div
            role="alert"
            className="flex items-center justify-between gap-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700"
          >
            <span>{state.error.message}</span>
            {state.error.retry ? (
              <Button variant="secondary" className="h-8 shrink-0" onClick={() => session.retry()}>
                Retry
              </Button>
            ) : null}
          </div>
        ) : null}
        {!serverStt && state.browserStt !== "unavailable" && hasMic ? (
          <label className="flex items-start gap-2 text-sm text-zinc-700">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-brand-600"
              checked={state.browserStt === "on"}
              onChange={(e) => session.setBrowserStt(e.target.checked)}
            />
            <span>
              Use my browser's speech recognition
              <span className="block text-xs text-zinc-500">
                Your browser's own service turns speech into text (in Chrome, audio goes to Google).
                Off unless you turn it on.
              </span>
            </span>
          </label>
        ) : null}
        <TypedInput onSend={(t) => session.sendText(t)} disabled={busy} />
        <div className="flex items-center gap-2">
          {hasMic ? (
            <>
              <LevelMeter level={session.level} muted={state.muted} />
              <Button
                variant="secondary"
                className="h-11"
                aria-pressed={state.muted}
                onClick={() => session.toggleMute()}
              >
                {state.muted ? "Unmute" : "Mute"}
              </Button>
            </>
          ) : null}
          <Button variant="danger" className="ml-auto h-11 px-6" onClick={() => void session.end()}>
            End call
          </Button>
        </div>
      </div>
    </Card>
  );
}
