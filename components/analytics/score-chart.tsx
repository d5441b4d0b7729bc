"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ScoreBucket } from "@/lib/db/queries/analytics";

/** Leads per score bucket, labelled with their counts; buckets at or past `threshold` green. */
export function ScoreChart({
  buckets,
  threshold,
}: {
  buckets: ScoreBucket[];
  threshold: number | null;
}) {
  // Axis ticks name a bucket by its lower bound (they fit a phone); the table beside has ranges.
  const data = buckets.map((b) => ({
    label: `${b.min}–${b.max}`,
    tick: String(b.min),
    leads: b.leads,
    min: b.min,
  }));
  return (
    <div className="h-56 w-full" role="img" aria-label="Lead score distribution">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 18, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="tick" tick={{ fontSize: 10 }} tickLine={false} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "#f4f4f5" }} />
          <Bar dataKey="leads" name="Leads" radius={[2, 2, 0, 0]} isAnimationActive={false}>
            {data.map((d) => (
              <Cell
                key={d.label}
                fill={
                  threshold === null ? "#818cf8" : d.min + 9 >= threshold ? "#10b981" : "#a1a1aa"
                }
              />
            ))}
            <LabelList dataKey="leads" position="top" fontSize={10} fill="#52525b" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
