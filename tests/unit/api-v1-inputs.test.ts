// Pure parts of the public API: the bearer header, key secrets and prefixes, the keyset
// cursor codec, and the date range a list query is bounded by.
import { describe, expect, it } from "vitest";
import { apiKeyPrefix, bearerSecret, hashApiKey, newApiKeySecret } from "@/lib/api-keys/secret";
import { decodeCursor, encodeCursor, toPage } from "@/lib/api-v1/cursor";
import { DEFAULT_WINDOW_DAYS, dateRange } from "@/lib/api-v1/schemas";

const headers = (authorization?: string) =>
  new Headers(authorization === undefined ? {} : { authorization });

describe("API key secrets", () => {
  it("are vx_ plus 43 base64url characters, distinct, hashed to hex SHA-256", () => {
    const a = newApiKeySecret();
    const b = newApiKeySecret();
    expect(a).toMatch(/^vx_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(apiKeyPrefix(a)).toBe(a.slice(0, 11));
  });

  it("are read from a Bearer header only when well formed", () => {
    const s = newApiKeySecret();
    expect(bearerSecret(headers(`Bearer ${s}`))).toBe(s);
    expect(bearerSecret(headers(`bearer  ${s} `))).toBe(s);
    for (const bad of [
      undefined,
      "",
      s,
      `Basic ${s}`,
      `Bearer ${s}x`,
      `Bearer ${s} extra`,
      "Bearer vx_short",
    ])
      expect(bearerSecret(headers(bad)), String(bad)).toBeNull();
  });
});

describe("keyset cursors", () => {
  it("round-trip the sort value with microseconds and the id", () => {
    const key = { sort: "2026-11-28T15:02:11.482113Z", id: "6f1c2a4e-8b0d-4c1e-9a3f-2b7d5e6f8a90" };
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it("refuse anything the API did not hand out with a 400", () => {
    for (const bad of ["", "abc", encodeCursor({ sort: "yesterday", id: "x" }), "W10"])
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ status: 400 }));
  });

  it("give a next cursor, to the page's last row, only when a row past the page was fetched", () => {
    const rows = [1, 2, 3].map((n) => ({
      n,
      key: {
        sort: `2026-11-0${n}T00:00:00.000000Z`,
        id: `00000000-0000-4000-8000-00000000000${n}`,
      },
    }));
    expect(toPage(rows.slice(0, 2), 2, (r) => r.n)).toEqual({ data: [1, 2], next_cursor: null });
    const page = toPage(rows, 2, (r) => r.n);
    expect(page.data).toEqual([1, 2]);
    expect(decodeCursor(page.next_cursor!)).toEqual(rows[1]!.key);
  });
});

describe("date ranges", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  it("default to the last 90 days", () => {
    const { from, to } = dateRange({}, now);
    expect(to).toEqual(now);
    expect(to.getTime() - from.getTime()).toBe(DEFAULT_WINDOW_DAYS * 86_400_000);
  });
  it("take a date as midnight UTC, a date `to` including that day, a date-time as is", () => {
    expect(dateRange({ from: "2026-11-01", to: "2026-11-30" }, now)).toEqual({
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-12-01T00:00:00Z"),
    });
    expect(dateRange({ to: "2026-11-30T10:00:00+01:00" }, now).to).toEqual(
      new Date("2026-11-30T09:00:00Z"),
    );
  });
  it("refuse an empty or reversed range and one over a year (400), so partitions stay pruned", () => {
    for (const q of [
      { from: "2026-11-30", to: "2026-11-01" },
      { from: "2026-11-30T00:00:00Z", to: "2026-11-30T00:00:00Z" },
      { from: "1970-01-01" },
    ])
      expect(() => dateRange(q, now), JSON.stringify(q)).toThrow(
        expect.objectContaining({ status: 400 }),
      );
    expect(dateRange({ from: "2025-12-01", to: "2026-11-30" }, now).from).toEqual(
      new Date("2025-12-01T00:00:00Z"),
    );
  });
});
