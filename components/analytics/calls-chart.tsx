"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { DayPoint } from "@/lib/db/queries/analytics";
import { fmtDay } from "./format";

/** Calls per day, split into completed and the rest, with qualified leads beside them. */
export function CallsChart({ days }: { days: DayPoint[] }) {
  const data = days.map((d) => ({
    label: fmtDay(d.day),
    Completed: d.completed,
    "Not completed": d.calls - d.completed,
    "Qualified leads": d.qualifiedLeads,
  }));
  return (
    <div className="h-64 w-full" role="img" aria-label="Calls per day">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} tickLine={false} minTickGap={16} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "#f4f4f5" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="Completed" stackId="calls" fill="#3b52e0" isAnimationActive={false} />
          <Bar
            dataKey="Not completed"
            stackId="calls"
            fill="#a5b4fc"
            radius={[2, 2, 0, 0]}
            isAnimationActive={false}
          />
          <Bar dataKey="Qualified leads" fill="#10b981" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
