// Deterministic randomness in SQL, so a million calls are drawn inside the database (no rows
// cross the wire) and the same seed gives the same rows on PGlite and Postgres:
// hashtextextended(key, n) is a 64-bit hash, cut into four 16-bit uniforms in [0, 1).

/** A 64-bit hash of a text expression (n picks an independent hash of the same key). */
export const hash = (key: string, n = 0) => `hashtextextended(${key}, ${n})`;

/** The k-th (0..3, an SQL expression) uniform in [0, 1) of a 64-bit hash expression. */
export const uniform = (h: string, k: number | string) =>
  `(((${h} >> (16 * (${k}))) & 65535)::float8 / 65536)`;

/** A text[] literal of constant strings. */
export const textArray = (items: readonly string[]) =>
  `array[${items.map((s) => `'${s.replaceAll("'", "''")}'`).join(", ")}]::text[]`;

/** One element of a text[] expression, picked by a uniform expression. */
export const pick = (array: string, u: string) =>
  `(${array})[1 + floor(${u} * cardinality(${array}))::int]`;

/** One element of a jsonb array expression, as text, picked by a uniform expression. */
export const pickJson = (array: string, u: string) =>
  `(${array}) ->> floor(${u} * jsonb_array_length(${array}))::int`;
