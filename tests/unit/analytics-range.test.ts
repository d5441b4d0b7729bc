import { describe, expect, it } from "vitest";
import { analyticsRange } from "@/lib/validations/analytics";

const TODAY = new Date("2026-11-20T15:30:00Z");

describe("analyticsRange", () => {
  it("defaults to the last 30 days, today included", () => {
    const r = analyticsRange({}, TODAY);
    expect([r.from, r.to, r.days]).toEqual(["2026-10-22", "2026-11-20", 30]);
    expect(r.start.toISOString()).toBe("2026-10-22T00:00:00.000Z");
    expect(r.end.toISOString()).toBe("2026-11-21T00:00:00.000Z");
    expect(r.notice).toBeUndefined();
  });

  it("takes a range and a campaign, and ignores malformed values", () => {
    const id = "7b0c9a3e-4f51-4d2a-9d2e-1f2a3b4c5d6e";
    const r = analyticsRange({ from: "2026-09-01", to: "2026-09-30", campaign: id }, TODAY);
    expect([r.from, r.to, r.days, r.campaignId]).toEqual(["2026-09-01", "2026-09-30", 30, id]);
    const bad = analyticsRange({ from: "yesterday", to: "2026-13-45", campaign: "x" }, TODAY);
    expect([bad.from, bad.to, bad.campaignId]).toEqual(["2026-10-22", "2026-11-20", undefined]);
  });

  it("swaps a reversed range and caps a long one, saying so", () => {
    const swapped = analyticsRange({ from: "2026-11-10", to: "2026-11-01" }, TODAY);
    expect([swapped.from, swapped.to]).toEqual(["2026-11-01", "2026-11-10"]);
    expect(swapped.notice).toMatch(/swapped/);
    const long = analyticsRange({ from: "2024-01-01", to: "2026-11-20" }, TODAY);
    expect([long.from, long.to, long.days]).toEqual(["2024-01-01", "2024-12-31", 366]);
    expect(long.notice).toMatch(/366 days/);
  });
});
