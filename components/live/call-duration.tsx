"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "@/components/call/call-timer";

/** Time since the call started, ticking once a second. */
export function CallDuration({ startedAt }: { startedAt: string }) {
  const start = Date.parse(startedAt);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const seconds = now === null ? 0 : Math.max(0, Math.floor((now - start) / 1000));
  return (
    <time className="font-mono tabular-nums" data-testid="live-duration" dateTime={startedAt}>
      {now === null ? "–:––" : formatDuration(seconds)}
    </time>
  );
}
