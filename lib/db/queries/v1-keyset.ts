// The /api/v1 lists' keyset: newest first on (a timestamp column, id). The cursor carries the
// row's timestamp as text with microseconds (Postgres keeps them, a JS Date does not, so a
// millisecond cursor would skip or repeat rows), read back by sortKey.
import { type SelectQueryBuilder, sql } from "kysely";
import type { Keyset } from "@/lib/api-v1/cursor";

type TimeColumn = "created_at" | "started_at";

/** The row's `column` as the cursor's sort value. */
export const sortKey = (column: TimeColumn) =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The rows after `after`, newest first, one more than `limit` so the caller can tell whether
 * there is a next page (toPage). The plain bound on `column` lets the index (and the
 * partition pruning, on a partition key) start at the cursor.
 */
// biome-ignore lint/suspicious/noExplicitAny: any table with the column and an id
export function keysetPage<Q extends SelectQueryBuilder<any, any, any>>(
  q: Q,
  column: TimeColumn,
  after: Keyset | undefined,
  limit: number,
): Q {
  let page = q;
  if (after) {
    const at = sql<Date>`${after.sort}::timestamptz`;
    page = page
      .where(sql<boolean>`${sql.ref(column)} <= ${at}`)
      .where(sql<boolean>`(${sql.ref(column)}, id) < (${at}, ${after.id}::uuid)`) as Q;
  }
  return page
    .orderBy(sql.ref(column), "desc")
    .orderBy(sql.ref("id"), "desc")
    .limit(limit + 1) as Q;
}
