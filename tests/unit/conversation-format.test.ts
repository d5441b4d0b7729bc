// The conversations pages' pure parts: display formats, the list's query-string parsing
// (bad values dropped with a note, a default 30-day window) and a reply's latency parts.
import { describe, expect, it } from "vitest";
import { formatCost, formatDuration, formatMs, maskPhone } from "@/components/conversations/format";
import { latencyOf } from "@/components/conversations/latency-bar";
import { listHref, parseListParams, toListInput } from "@/components/conversations/list-params";
import { encodeCursor } from "@/lib/db/cursor";

const NOW = new Date("2026-12-01T15:00:00Z");
const ID = "6f1c3c0e-7d1e-4a53-9a53-0d7b8d2e1a10";

describe("formats", () => {
  it("formats durations, costs and latencies", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(95)).toBe("1:35");
    expect(formatDuration(3729)).toBe("1:02:09");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.01375)).toBe("$0.0138");
    expect(formatCost(12.5)).toBe("$12.50");
    expect(formatMs(850)).toBe("850 ms");
    expect(formatMs(1480)).toBe("1.5 s");
  });

  it("masks a phone number down to its country code and last four digits", () => {
    expect(maskPhone("+14155550123")).toBe("+1 ••• ••• 0123");
    expect(maskPhone("+442071234567")).toBe("+44 ••• ••• 4567");
    expect(maskPhone("123")).toBe("•••");
    expect(maskPhone(null)).toBeNull();
  });
});

describe("list query string", () => {
  it("defaults to the last 30 days and keeps valid filters", () => {
    const p = parseListParams({ status: "failed", channel: "phone", campaign: ID }, NOW);
    expect(p).toMatchObject({ status: "failed", channel: "phone", campaign: ID, notices: [] });
    expect(p.from).toBe("2026-11-02");
    expect(p.to).toBe("2026-12-01");
    const input = toListInput(p, ID, 25);
    expect(input.from.toISOString()).toBe("2026-11-02T00:00:00.000Z");
    expect(input.to.toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(input.direction).toBe("older");
  });

  it("drops what does not parse, with a note, and swaps a reversed range", () => {
    const p = parseListParams(
      { status: "deleted", channel: "fax", from: "2026-11-20", to: "2026-11-10", after: "x" },
      NOW,
    );
    expect(p.status).toBeUndefined();
    expect(p.channel).toBeUndefined();
    expect(p.after).toBeUndefined();
    expect([p.from, p.to]).toEqual(["2026-11-10", "2026-11-20"]);
    expect(p.notices).toHaveLength(3);
    expect(p.notices.join(" ")).toMatch(/page link is no longer valid/);
  });

  it("pages newer with `before` and keeps the filters in the links", () => {
    const before = encodeCursor("2026-11-30T10:00:00.123456Z", ID);
    const p = parseListParams({ channel: "web", before }, NOW);
    expect(toListInput(p, ID, 25)).toMatchObject({ cursor: before, direction: "newer" });
    const href = listHref(p, { after: "abc" });
    expect(href).toBe("/conversations?channel=web&from=2026-11-02&to=2026-12-01&after=abc");
  });
});

describe("latency parts", () => {
  it("splits a reply's total into STT, LLM, TTS and the rest", () => {
    const reply = { llm_first_token_ms: 400, tts_first_byte_ms: 200, total_ms: 1200 };
    expect(latencyOf(reply, 150)).toEqual({ stt: 150, llm: 400, tts: 200, rest: 450, total: 1200 });
    expect(latencyOf({ ...reply, total_ms: 500 }, 150)!.rest).toBe(0);
    expect(latencyOf({ ...reply, total_ms: null }, 150)).toBeNull();
  });
});
