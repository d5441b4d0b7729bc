"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { StaffMode, StaffRoom } from "@/lib/call-client/staff-room";

type State =
  | { phase: "idle" }
  | { phase: "joining"; mode: StaffMode }
  | { phase: "joined"; mode: StaffMode };

/**
 * Listen in on a web call through its LiveKit room, or, while you hold the call, talk to the
 * caller by voice (your words are transcribed into the transcript). Shown when LiveKit is
 * configured; taking over by text works without it.
 */
export function RoomAudio({ conversationId, mine }: { conversationId: string; mine: boolean }) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const room = useRef<StaffRoom | null>(null);

  async function leave() {
    const current = room.current;
    room.current = null;
    setState({ phase: "idle" });
    await current?.leave();
  }

  async function join(mode: StaffMode) {
    await leave();
    setError(null);
    setSaid(null);
    setState({ phase: "joining", mode });
    try {
      const { joinAsStaff } = await import("@/lib/call-client/staff-room");
      room.current = await joinAsStaff(conversationId, mode, {
        onSpoken: (result) => {
          if ("text" in result) setSaid(result.text);
          setError("error" in result ? result.error : null);
        },
        onLeft: () => {
          room.current = null;
          setState({ phase: "idle" });
        },
      });
      setState({ phase: "joined", mode });
    } catch (failure) {
      setState({ phase: "idle" });
      setError(failure instanceof Error ? failure.message : "Couldn't connect to the call's audio");
    }
  }

  // Handing back (or losing the hold) ends talking; leaving the page leaves the room.
  const talking = state.phase !== "idle" && state.mode === "takeover";
  // biome-ignore lint/correctness/useExhaustiveDependencies: leave only reads the ref
  useEffect(() => {
    if (talking && !mine) void leave();
  }, [talking, mine]);
  useEffect(() => () => void room.current?.leave(), []);

  const busy = state.phase === "joining";
  const listening = state.phase === "joined" && state.mode === "listen";
  return (
    <div className="space-y-2 border-t border-zinc-200 px-4 py-3" data-testid="room-audio">
      <div className="flex flex-wrap items-center gap-2">
        {listening ? (
          <Button variant="secondary" onClick={() => void leave()}>
            Stop listening
          </Button>
        ) : (
          <Button
            variant="secondary"
            disabled={busy || talking}
            onClick={() => void join("listen")}
          >
            {busy && state.mode === "listen" ? "Connecting…" : "Listen in"}
          </Button>
        )}
        {mine ? (
          talking && !busy ? (
            <Button variant="secondary" onClick={() => void leave()}>
              Stop talking
            </Button>
          ) : (
            <Button disabled={busy} onClick={() => void join("takeover")}>
              {busy && state.mode === "takeover" ? "Connecting…" : "Talk to the caller"}
            </Button>
          )
        ) : null}
        <p className="text-xs text-zinc-500" role="status">
          {talking && !busy
            ? "You're on the call: the caller hears you, and your words go in the transcript."
            : listening
              ? "Listening. The caller and the agent can't hear you."
              : "Hear the call live; once you take it over, you can also talk."}
        </p>
      </div>
      {said ? (
        <p className="text-sm text-zinc-600">
          <span className="font-medium text-zinc-800">You said:</span> {said}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
