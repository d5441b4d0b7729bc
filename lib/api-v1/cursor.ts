// Keyset cursors for /api/v1 lists, with the dashboard's codec (lib/db/cursor.ts): opaque
// base64url of JSON `[sortValue, id]`. The sort value is the row's timestamp as text with
// microseconds: Postgres keeps microseconds and a JS Date does not, so a millisecond cursor
// would skip or repeat rows.
import { encodeCursor as encode, parseTimeCursor } from "@/lib/db/cursor";
import { AppError } from "@/lib/errors";

export interface Keyset {
  sort: string;
  id: string;
}

export const encodeCursor = ({ sort, id }: Keyset): string => encode(sort, id);

export function decodeCursor(cursor: string): Keyset {
  const parsed = parseTimeCursor(cursor);
  if (!parsed)
    throw new AppError("invalid_input", "cursor: not a cursor this API returned", 400, {
      cursor: "Pass next_cursor from the previous page as is",
    });
  return { sort: parsed[0], id: parsed[1] };
}

/** The page of `rows` (fetched with limit + 1) and the cursor to the next one, if any. */
export function toPage<R extends { key: Keyset }, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
): { data: T[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return {
    data: page.map(map),
    next_cursor: more ? encodeCursor(page.at(-1)!.key) : null,
  };
}
