// Keyset cursors: an opaque token for "the rows after this one" in a list ordered by
// (sort value desc, id desc). The token is base64url of JSON `[sortValue, id]`; decoding
// validates it with zod, so a hand-edited or truncated cursor is refused, never queried.
import { z } from "zod";
import { AppError } from "@/lib/errors";

export type CursorValue = string | number;
export type Cursor = [value: CursorValue, id: string];

const cursorSchema = z.tuple([z.union([z.string().max(64), z.number().finite()]), z.guid()]);

export const INVALID_CURSOR_MESSAGE = "This page link is out of date; showing the first page.";

/** The token for the row `(value, id)`; a Date is carried as its ISO string. */
export function encodeCursor(value: CursorValue | Date, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([v, id])).toString("base64url");
}

/** The cursor in `token`, or null when it is not one this codec made. */
export function parseCursor(token: string): Cursor | null {
  if (!token || token.length > 256 || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The 400 for a cursor this codec did not make (`invalid_input`, field `cursor`). */
export const invalidCursor = () =>
  new AppError("invalid_input", "cursor: Invalid cursor", 400, { cursor: "Invalid cursor" });

/** The cursor in `token`; a bad one is a 400. */
export function decodeCursor(token: string): Cursor {
  const cursor = parseCursor(token);
  if (!cursor) throw invalidCursor();
  return cursor;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/**
 * A cursor whose sort value is a UTC timestamp string with up to microsecond precision (as
 * Postgres stores timestamptz: a JS Date would round it to milliseconds and make a page skip
 * or repeat rows); null when it is not one.
 */
export function parseTimeCursor(token: string): [at: string, id: string] | null {
  const cursor = parseCursor(token);
  if (!cursor || typeof cursor[0] !== "string" || !TIMESTAMP.test(cursor[0])) return null;
  return Number.isNaN(Date.parse(cursor[0])) ? null : [cursor[0], cursor[1]];
}
