"use client";

import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import type { Caption } from "@/lib/call-client/state";

/** Both sides of the call as they happen; a polite live region for screen readers. */
export function Captions({ captions, live = true }: { captions: Caption[]; live?: boolean }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (live && captions.length) end.current?.scrollIntoView({ block: "nearest" });
  }, [captions, live]);
  return (
    <ol
      aria-live={live ? "polite" : undefined}
      aria-label="Captions"
      className="space-y-3"
      data-testid="captions"
    >
      {captions.map((c) => (
        <li
          key={c.id}
          data-who={c.who}
          data-human={c.human ? "true" : undefined}
          className={cn("flex", c.who === "caller" ? "justify-end" : "justify-start")}
        >
          <div
            className={cn(
              "max-w-[85%] rounded-2xl px-3.5 py-2 text-sm leading-6",
              c.who === "caller"
                ? "rounded-br-sm bg-brand-600 text-white"
                : c.human
                  ? "rounded-bl-sm bg-emerald-50 text-emerald-950 ring-1 ring-emerald-200"
                  : "rounded-bl-sm bg-white text-zinc-900 ring-1 ring-zinc-200",
              c.pending && "opacity-70",
            )}
          >
            {c.human ? (
              <span className="block text-[11px] font-medium tracking-wide text-emerald-700 uppercase">
                Team member
              </span>
            ) : null}
            <span className="sr-only">
              {c.who === "caller" ? "You: " : c.human ? "Team member: " : "Agent: "}
            </span>
            {c.text}
            {c.interrupted ? <span className="text-zinc-400"> —</span> : null}
          </div>
        </li>
      ))}
      <li ref={end} aria-hidden />
    </ol>
  );
}
