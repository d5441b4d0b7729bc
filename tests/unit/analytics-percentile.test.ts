// The rollup's 95th percentile against percentile_cont over every value: equal whenever it
// answers, and it declines (undefined) instead of guessing when a day's cut-off hides values
// the percentile needs.
import { describe, expect, it } from "vitest";
import { type DayTop, p95FromTops } from "@/lib/analytics/percentile";

/** percentile_cont(0.95), the way Postgres computes it. */
function exact(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const pos = 0.95 * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

/** What analytics_refresh keeps of a day: its largest max(20, ceil(10 %) + 2) values. */
function rollUp(values: number[]): DayTop {
  const desc = [...values].sort((a, b) => b - a);
  return {
    replies: values.length,
    top: desc.slice(0, Math.max(20, Math.ceil(values.length * 0.1) + 2)),
  };
}

/** A deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A day of replies like the seeded ones: 565-1800 ms, a few slow LLM answers. */
function day(rnd: () => number, replies: number, slowShare = 0.04) {
  return Array.from({ length: replies }, () =>
    Math.round(565 + rnd() * 1235 + (rnd() < slowShare ? 900 + rnd() * 1600 : 0)),
  );
}

describe("p95FromTops", () => {
  it("has nothing to say about no replies", () => {
    expect(p95FromTops([])).toBeNull();
    expect(p95FromTops([{ replies: 0, top: [] }])).toBeNull();
  });

  it("equals percentile_cont when every value is kept (small days)", () => {
    const rnd = random(1);
    for (let trial = 0; trial < 200; trial++) {
      const days = Array.from({ length: 1 + Math.floor(rnd() * 30) }, () =>
        day(rnd, Math.floor(rnd() * 21)),
      );
      const all = days.flat();
      const got = p95FromTops(days.map(rollUp));
      if (all.length === 0) expect(got).toBeNull();
      else expect(got).toBeCloseTo(exact(all), 9);
    }
  });

  it("answers from the kept tops of busy days, exactly, for ranges of similar days", () => {
    const rnd = random(2);
    for (let trial = 0; trial < 200; trial++) {
      const days = Array.from({ length: 1 + Math.floor(rnd() * 31) }, () =>
        day(rnd, 50 + Math.floor(rnd() * 900)),
      );
      const got = p95FromTops(days.map(rollUp));
      expect(got).toBeDefined();
      expect(got).toBeCloseTo(exact(days.flat()), 9);
    }
  });

  it("never answers wrongly when one bad day crowds the top, and declines when it cannot tell", () => {
    const rnd = random(3);
    let declined = 0;
    for (let trial = 0; trial < 200; trial++) {
      const days = Array.from({ length: 2 + Math.floor(rnd() * 29) }, () =>
        day(rnd, 50 + Math.floor(rnd() * 400)),
      );
      // An outage: one day whose replies were all slow, more of them than its top 10 %.
      days.push(day(rnd, 100 + Math.floor(rnd() * 400), 1));
      const got = p95FromTops(days.map(rollUp));
      if (got === undefined) declined++;
      else expect(got).toBeCloseTo(exact(days.flat()), 9);
    }
    expect(declined).toBeGreaterThan(0);
  });

  it("treats ties at the cut-off correctly", () => {
    // Every value equal: the cut-off hides only copies of the answer.
    const days = [rollUp(Array(500).fill(700)), rollUp(Array(300).fill(700))];
    expect(p95FromTops(days)).toBe(700);
  });
});
