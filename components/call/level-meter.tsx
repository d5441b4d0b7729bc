"use client";

import { useEffect, useRef } from "react";

/** The microphone's loudness as five bars, redrawn each animation frame without re-rendering. */
export function LevelMeter({ level, muted }: { level: () => number; muted: boolean }) {
  const bars = useRef<(HTMLSpanElement | null)[]>([]);
  useEffect(() => {
    let frame = 0;
    const draw = () => {
      const v = level();
      bars.current.forEach((bar, i) => {
        if (bar) bar.style.opacity = v > i * 0.18 ? "1" : "0.2";
      });
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [level]);
  return (
    <span
      role="img"
      aria-label={muted ? "Microphone muted" : "Microphone level"}
      className="inline-flex h-5 items-end gap-0.5"
    >
      {[0.35, 0.55, 0.75, 0.9, 1].map((h, i) => (
        <span
          key={h}
          ref={(el) => {
            bars.current[i] = el;
          }}
          className={muted ? "w-1 rounded-full bg-zinc-300" : "w-1 rounded-full bg-emerald-500"}
          style={{ height: `${h * 100}%`, opacity: 0.2 }}
        />
      ))}
    </span>
  );
}
