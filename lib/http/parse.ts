// Request input → typed values, in one place: exact content types, size limits, text that
// Postgres can store (no NUL, no unpaired surrogate), then the route's zod schema. Every
// failure is a 4xx AppError; nothing here touches the database.
import type { z } from "zod";
import { AppError, fromZod } from "@/lib/errors";

export const MAX_JSON_BYTES = 64 * 1024;

/** `Content-Type: application/json; charset=utf-8` → "application/json" (null when absent). */
export function mediaType(req: Request): string | null {
  const raw = req.headers.get("content-type");
  if (!raw) return null;
  return raw.split(";", 1)[0]!.trim().toLowerCase();
}

/** True when the media type is exactly `type`: parameters are fine, `application/jsonx` is not. */
export const isMediaType = (req: Request, type: string) => mediaType(req) === type;

const unsupported = (message: string) => new AppError("unsupported_media_type", message, 415);
const tooLarge = (limit: number) =>
  new AppError("payload_too_large", `The body is over ${limit / 1024} KiB`, 413);

// Postgres refuses \u0000 in text and jsonb, and an unpaired surrogate is not valid UTF-8:
// either would fail at the database, mid-request, as a 500. Refused here instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const badText = (s: string) => s.includes("\0") || LONE_SURROGATE.test(s);

/** The path ("text", "flowConfig.questions.0.text") of the first unstorable string, if any. */
export function findBadText(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return badText(value) ? path.join(".") || "_" : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findBadText(item, [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (badText(key)) return [...path, key.replaceAll("\0", "\\0")].join(".");
      const found = findBadText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Refuses unstorable text, then parses with `schema`; `where` names the part of the request. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string) {
  const bad = findBadText(value);
  if (bad !== null) {
    const why = "NUL characters and unpaired surrogates are not allowed";
    const at = bad === "_" ? where : `${where}.${bad}`;
    throw new AppError("invalid_text", `${at}: ${why}`, 400, { [bad]: why });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data as z.output<S>;
}

/** Reads the body as text under `limit` bytes, refusing early on a declared larger length. */
export async function readText(req: Request, limit = MAX_JSON_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const text = await req.text();
  if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
  return text;
}

/** The JSON body, or undefined when the body is empty (the schema decides if that is fine). */
export async function readJsonValue(req: Request): Promise<unknown> {
  const text = req.body ? await readText(req) : "";
  if (text === "") return undefined;
  if (!isMediaType(req, "application/json"))
    throw unsupported("Send a JSON body (Content-Type: application/json)");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON", 400);
  }
}

/** Reads a JSON body and parses it with `schema`; 415 / 413 / 400 on anything else. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const value = await readJsonValue(req);
  if (value === undefined && !isMediaType(req, "application/json"))
    throw unsupported("Send a JSON body (Content-Type: application/json)");
  return parseInput(schema, value, "body");
}

// A `%` not followed by two hex digits: decodeURIComponent would throw on it.
const MALFORMED_ESCAPE = /%(?![0-9a-f]{2})/i;

/** True when `segment` is not valid percent-encoding of UTF-8. */
export function isMalformedEncoding(segment: string): boolean {
  if (MALFORMED_ESCAPE.test(segment)) return true;
  try {
    decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/** Route params from Next: refused when an escape is malformed, then parsed like the body. */
export function parseParams<S extends z.ZodType>(schema: S, raw: Record<string, unknown>) {
  for (const [name, value] of Object.entries(raw)) {
    const parts = Array.isArray(value) ? value : [value];
    if (parts.some((p) => typeof p === "string" && isMalformedEncoding(p)))
      throw new AppError("invalid_input", `${name}: malformed percent-encoding in the path`, 400);
  }
  return parseInput(schema, raw, "params");
}

/** The query string as an object; a repeated key becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}
