"use client";

import { useEffect, useState } from "react";

export const formatDuration = (s: number) =>
  `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/** Elapsed call time, ticking once a second. */
export function CallTimer({ startedAt }: { startedAt: number | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const seconds = startedAt ? Math.max(0, Math.floor((now - startedAt) / 1000)) : 0;
  return (
    <span className="text-sm text-zinc-600">
      <span className="sr-only">Call time </span>
      <time className="font-mono tabular-nums" data-testid="call-timer">
        {formatDuration(seconds)}
      </time>
    </span>
  );
}
