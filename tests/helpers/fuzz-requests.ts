// Generated bad requests for the route fuzz test (served by ./fuzz-dispatch.ts). Every
// request is a valid base (right credentials, a well-formed body) with at least one defect
// applied, so none of them may succeed: each must answer a 4xx JSON error and change nothing.
import fc from "fast-check";
import { API_ROUTES } from "@/lib/http/api-routes";
import type { Spec } from "./fuzz-dispatch";
import { wavFile } from "./wav";

export interface Target {
  /** The route file's pattern, as in API_ROUTES ("/api/[...path]" for the JSON 404). */
  pattern: string;
  method: string;
  /** "signed": a shared secret or a signature (cron, Twilio, LiveKit). */
  auth: "public" | "user" | "caller" | "apiKey" | "signed";
  /** The path requested, when the pattern is not one (the catch-all). */
  path?: string;
  params?: Record<string, string>;
  /** The base query; when given (even {}), a NUL in a query value is a defect too. */
  query?: Record<string, string>;
  body?: () => unknown;
  /** An application/x-www-form-urlencoded body (Twilio's webhooks). */
  form?: () => Record<string, string>;
  /** False where the route reads the body whatever its type (LiveKit's signed webhook). */
  exactType?: boolean;
  /** Credentials of the wrong kind and broken ones, for authed routes. */
  badAuth: Record<string, string>[];
  goodAuth: Record<string, string>;
  /** The headers a credential defect replaces (default authorization and cookie). */
  authHeaders?: string[];
  /** Defects only this route has. */
  defects?: fc.Arbitrary<Defect>[];
  /** Applied after the defects: e.g. signing what is finally sent, as Twilio would. */
  finish?: (spec: Spec) => Spec;
}

// ---- defects --------------------------------------------------------------------------

const junkSegment = fc.oneof(
  fc.constantFrom(
    "%",
    "%E0%A4%A",
    "%zz",
    "%00",
    "%C0%AF",
    "%ED%A0%80",
    "not-a-uuid",
    "..%2F..",
    "%20",
    "1%20or%201=1",
  ),
  fc.uuid().map((u) => u),
  // Dot segments are left out: the URL parser resolves them, which could land on a real route.
  fc
    .string({ minLength: 1, maxLength: 40 })
    .map(encodeURIComponent)
    .filter((s) => !/^\.+$/.test(s)),
);
const FORM = "application/x-www-form-urlencoded";
/** Content types other than `good` (and multipart, which a JSON route may not take either). */
const badTypes = (good: string) =>
  fc.oneof(
    fc
      .constantFrom(
        "application/jsonx",
        "application/json-seq",
        "application/json",
        "text/json",
        "text/plain",
        FORM,
        `${FORM}x`,
        "multipart/form-dat",
        "audio/wav",
        "application/javascript",
        "json",
      )
      .filter((t) => t !== good),
    fc
      .stringMatching(/^[a-z]{1,12}\/[a-z+.-]{1,20}$/)
      .filter((t) => t !== good && t !== "multipart/form-data"),
  );
const nonObject = fc.oneof(
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.integer(),
  fc.string(),
  fc.constant(null),
  fc.boolean(),
);

/** Puts `insert` into a random string leaf of `value` (or a new field when there is none). */
function poison(value: unknown, insert: string, pick: number): unknown {
  const leaves: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v === "string") leaves.push(path);
    else if (v && typeof v === "object")
      for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(value, []);
  const copy = structuredClone(value) as Record<string, unknown>;
  if (!leaves.length || typeof copy !== "object" || copy === null)
    return { ...(copy ?? {}), note: `a${insert}b` };
  const path = leaves[pick % leaves.length]!;
  let parent: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
  const last = path.at(-1)!;
  const s = parent[last] as string;
  const at = pick % (s.length + 1);
  parent[last] = s.slice(0, at) + insert + s.slice(at);
  return copy;
}

export type Defect = (spec: Spec) => Spec;

/** Sets one field of a urlencoded body. */
export const setField =
  (name: string, value: string): Defect =>
  (s) =>
    s.body && "urlencoded" in s.body
      ? { ...s, body: { urlencoded: { ...s.body.urlencoded, [name]: value } } }
      : s;

export function defects(t: Target): fc.Arbitrary<Defect>[] {
  // The catch-all answers 404 to every method.
  const allowed = API_ROUTES[t.pattern] ?? [];
  const list: fc.Arbitrary<Defect>[] = [
    fc
      .constantFrom("TRACE", "TRACK", "PUT", "PATCH", "DELETE", "POST", "GET", "PROPFIND", "PURGE")
      .filter((m) => !allowed.includes(m))
      .map((m) => (s) => ({ ...s, method: m, body: m === "GET" ? undefined : s.body })),
    junkSegment.map((seg) => (s) => ({ ...s, path: `${s.path}/${seg}` })),
  ];
  if (t.params)
    list.push(
      fc
        .tuple(fc.constantFrom(...Object.values(t.params)), junkSegment)
        .map(([id, seg]) => (s) => ({
          ...s,
          path: s.path.replace(id, seg),
        })),
    );
  if (t.auth !== "public")
    list.push(
      fc.constantFrom(...t.badAuth).map((h) => (s) => ({
        ...s,
        headers: { ...without(s.headers, t.authHeaders ?? ["authorization", "cookie"]), ...h },
      })),
    );
  if (t.body) {
    const json =
      (f: (v: unknown) => unknown): Defect =>
      (s) =>
        s.body && "json" in s.body ? { ...s, body: { json: f(s.body.json) } } : s;
    list.push(
      fc.nat().map((n) => json((v) => poison(v, "\u0000", n))),
      // Fenced by "_" so that two such defects on one string never pair up into a valid
      // character (\uD800 next to \uDFFF is U+103FF, which must be accepted).
      fc.nat().map((n) => json((v) => poison(v, n % 2 ? "_\uD800_" : "_\uDFFF_", n))),
      fc
        .string({ maxLength: 8 })
        .map((k) => json((v) => ({ ...(v as object), [`${k}\u0000`]: 1 }))),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .map((k) => json((v) => ({ ...(v as object), [`x_${k}`]: k }))),
      nonObject.map((n) => json(() => n)),
      fc.constant(json((v) => ({ ...(v as object), padding: "x".repeat(70_000) }))),
      fc.string({ maxLength: 30 }).map((junk) => (s) => ({
        ...s,
        // A raw control character is never valid JSON, wherever the junk left off.
        body: {
          raw: `${JSON.stringify(s.body && "json" in s.body ? s.body.json : {}).slice(0, -1)}${junk}\u0001`,
        },
      })),
    );
  }
  if (t.form) {
    const form =
      (f: (v: Record<string, string>) => Record<string, string>): Defect =>
      (s) =>
        s.body && "urlencoded" in s.body ? { ...s, body: { urlencoded: f(s.body.urlencoded) } } : s;
    // No lone surrogates here: a form body is UTF-8, so one arrives as U+FFFD, which is fine.
    list.push(
      fc.nat().map((n) => form((v) => poison(v, "\u0000", n) as Record<string, string>)),
      fc.string({ maxLength: 8 }).map((k) => form((v) => ({ ...v, [`${k}\u0000`]: "1" }))),
      fc.constant(form((v) => ({ ...v, padding: "x".repeat(70_000) }))),
      // A JSON document where a form belongs: none of the fields arrive.
      fc.constant<Defect>((s) => ({ ...s, body: { raw: JSON.stringify(t.form!()) } })),
    );
  }
  if ((t.body || t.form) && t.exactType !== false) {
    const good = t.form ? FORM : "application/json";
    list.push(
      badTypes(good).map((type) => (s) => ({
        ...s,
        headers: { ...s.headers, "content-type": type },
      })),
    );
  }
  if (t.query) {
    const keys = [...Object.keys(t.query), "q"];
    list.push(
      fc
        .tuple(fc.constantFrom(...keys), fc.constantFrom("\u0000", "1\u0000", "a\u0000b"))
        .map(([k, v]) => (s) => ({ ...s, query: { ...s.query, [k]: v } })),
    );
  }
  list.push(...(t.defects ?? []));
  if (t.pattern === "/api/voice/turn")
    list.push(
      badAudio.map((form) => (s) => ({
        ...without(s, []),
        headers: without(s.headers, ["content-type"]),
        body: { form },
      })),
    );
  return list;
}

const without = <T extends object>(o: T, keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k))) as T;

// Multipart turns that must all be refused: broken WAVs, wrong part types, bad fields.
const goodWav = wavFile({ sampleRate: 16_000, data: new Uint8Array(16_000) });
const patched = (at: number, value: number) => {
  const copy = goodWav.slice();
  new DataView(copy.buffer).setUint32(at, value, true);
  return copy;
};
const blob = (bytes: Uint8Array, type = "audio/wav") => new Blob([new Uint8Array(bytes)], { type });
type Form = [string, string | Blob][];
const badAudio: fc.Arbitrary<Form> = fc.oneof<fc.Arbitrary<Form>[]>(
  fc.uint8Array({ maxLength: 2000 }).map((b) => [
    ["audio", blob(b)],
    ["transcript", "hi"],
  ]),
  fc.integer({ min: 0, max: goodWav.length - 100 }).map((n) => [
    ["audio", blob(goodWav.subarray(0, 44 + (n % 50)))],
    ["transcript", "hi"],
  ]),
  fc.integer({ min: goodWav.length, max: 0xfffffffe }).map((size) => [
    ["audio", blob(patched(40, size))],
    ["transcript", "hi"],
  ]),
  fc.integer({ min: 41, max: 0xffffffff }).map((size) => [
    ["audio", blob(patched(16, size))],
    ["transcript", "hi"],
  ]),
  fc.constantFrom("audio/wavx", "audio/mpeg", "text/plain", "video/wav").map((type) => [
    ["audio", blob(goodWav, type)],
    ["transcript", "hi"],
  ]),
  // Only NUL: a multipart body is UTF-8 bytes, so a lone surrogate arrives as U+FFFD.
  fc.constantFrom("a\u0000b", "\u0000", "x\u0000").map((tr) => [
    ["audio", blob(goodWav)],
    ["transcript", tr],
  ]),
  fc.string({ minLength: 1, maxLength: 10 }).map((k) => [
    ["audio", blob(goodWav)],
    ["transcript", "hi"],
    [`x_${k}`, "1"],
  ]),
  fc.constant<Form>([["transcript", "hi"]]),
);

/** A valid base request for `t` with one to three defects applied. */
export function badRequest(t: Target): fc.Arbitrary<Spec> {
  let path = t.path ?? t.pattern;
  for (const [name, value] of Object.entries(t.params ?? {}))
    path = path.replace(`[${name}]`, value);
  const type = t.form ? FORM : t.body ? "application/json" : undefined;
  const base: Spec = {
    method: t.method,
    path,
    query: t.query ?? {},
    headers: { ...t.goodAuth, ...(type ? { "content-type": type } : {}) },
    ...(t.body ? { body: { json: t.body() } } : {}),
    ...(t.form ? { body: { urlencoded: t.form() } } : {}),
  };
  const noise = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.string({ maxLength: 20 }),
    { maxKeys: 3 },
  );
  return fc
    .tuple(fc.array(fc.oneof(...defects(t)), { minLength: 1, maxLength: 3 }), noise)
    .map(([ds, noise]) => {
      const spec = ds.reduce((s, d) => d(s), { ...base, query: { ...noise, ...base.query } });
      return withSummary(t.finish ? t.finish(spec) : spec);
    });
}

/** Counterexamples print as a short summary, not 70 KB of padding. */
export function describeSpec(spec: Spec): string {
  return JSON.stringify({ ...spec, body: JSON.stringify(spec.body)?.slice(0, 300) });
}

function withSummary(spec: Spec): Spec {
  return Object.assign(spec, { [fc.toStringMethod]: () => describeSpec(spec) });
}
