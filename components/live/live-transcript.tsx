"use client";

import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import type { LiveTurnView } from "@/lib/live/monitor";

const who: Record<LiveTurnView["role"], string> = {
  caller: "Caller",
  agent: "Agent",
  human_agent: "Human agent",
  system: "System",
};

/** The call's turns as they land; the newest stays in view. */
export function LiveTranscript({ turns }: { turns: LiveTurnView[] }) {
  const box = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const el = box.current;
    if (el && turns.length) el.scrollTop = el.scrollHeight;
  }, [turns]);
  return (
    <ol
      ref={box}
      aria-live="polite"
      aria-label="Transcript"
      data-testid="live-transcript"
      className="max-h-80 min-h-32 flex-1 space-y-2 overflow-y-auto bg-zinc-50 px-4 py-3"
    >
      {turns.length === 0 ? (
        <li className="text-sm text-zinc-500">Waiting for the first words…</li>
      ) : null}
      {turns.map((t) => (
        <li
          key={t.seq}
          data-role={t.role}
          data-seq={t.seq}
          className={cn("flex", t.role === "caller" ? "justify-end" : "justify-start")}
        >
          <div
            className={cn(
              "max-w-[85%] rounded-2xl px-3 py-1.5 text-sm leading-6",
              t.role === "caller" && "rounded-br-sm bg-brand-600 text-white",
              t.role === "agent" && "rounded-bl-sm bg-white text-zinc-900 ring-1 ring-zinc-200",
              t.role === "human_agent" &&
                "rounded-bl-sm bg-emerald-50 text-emerald-950 ring-1 ring-emerald-200",
              t.role === "system" && "bg-zinc-100 text-zinc-600",
            )}
          >
            <span
              className={cn(
                "block text-[11px] font-medium tracking-wide uppercase",
                t.role === "caller" ? "text-brand-100" : "text-zinc-500",
              )}
            >
              {who[t.role]}
            </span>
            {t.text}
          </div>
        </li>
      ))}
    </ol>
  );
}
