// Generated bad requests for the route fuzz test, and a dispatcher that serves them the way
// the server does: the Node guard (TRACE), proxy.ts, then the route file's export for the
// method (HEAD → GET, OPTIONS automatic) or the JSON 404 catch-all. Every request is a valid
// base (right credentials, a well-formed body) with at least one defect applied, so none of
// them may succeed: each must answer a 4xx JSON error and change nothing.
import { randomBytes } from "node:crypto";
import path from "node:path";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { gateApiRequest } from "@/lib/http/api-gate";
import { API_ROUTES } from "@/lib/http/api-routes";
import { SOCKET_ADDRESS_HEADER } from "@/lib/ratelimit/client-address";
import { proxy } from "@/proxy";
import { wavFile } from "./wav";

export interface Spec {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** JSON value (sent as JSON), a raw string, or a multipart form. */
  body?: { json: unknown } | { raw: string } | { form: [string, string | Blob][] };
}

export interface Target {
  pattern: string;
  method: string;
  auth: "public" | "user" | "caller";
  params?: Record<string, string>;
  body?: () => unknown;
  /** Credentials of the wrong kind and broken ones, for authed routes. */
  badAuth: Record<string, string>[];
  goodAuth: Record<string, string>;
}

type Handler = (req: NextRequest, ctx: { params: Promise<unknown> }) => Promise<Response>;
const modules = new Map<string, Record<string, Handler>>();
async function moduleFor(pattern: string) {
  const file = path.join(process.cwd(), "app", pattern, "route.ts");
  if (!modules.has(pattern)) modules.set(pattern, await import(/* @vite-ignore */ file));
  return modules.get(pattern)!;
}

function match(pathname: string): { pattern: string; params: Record<string, string | string[]> } {
  const parts = pathname.split("/").filter(Boolean);
  for (const pattern of Object.keys(API_ROUTES)) {
    const want = pattern.split("/").filter(Boolean);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const same = want.every((w, i) => {
      if (!w.startsWith("[")) return w === parts[i];
      params[w.slice(1, -1)] = decodeURIComponent(parts[i]!);
      return true;
    });
    if (same) return { pattern, params };
  }
  return { pattern: "/api/[...path]", params: { path: parts.slice(1).map(decodeURIComponent) } };
}

/** Serves `spec` as the server would; returns the response. */
export async function dispatch(spec: Spec): Promise<Response> {
  const url = new URL(`http://localhost:3000${spec.path}`);
  for (const [k, v] of Object.entries(spec.query)) url.searchParams.append(k, v);
  const headers = new Headers(spec.headers);
  headers.set(
    SOCKET_ADDRESS_HEADER,
    `2001:db8::${randomBytes(4)
      .toString("hex")
      .replace(/(.{4})/, "$1:")}`,
  );
  const pathname = url.pathname;
  if (spec.method === "TRACE" || spec.method === "TRACK") {
    // What lib/http/node-server.ts answers before Next.js (undici cannot build this Request).
    const gate = gateApiRequest(spec.method, pathname)!;
    return Response.json(gate.body, { status: gate.status, headers: gate.headers });
  }
  let body: BodyInit | undefined;
  // A GET or HEAD body cannot be built into a Request (Next.js would not pass one on either).
  if (spec.method === "GET" || spec.method === "HEAD") body = undefined;
  else if (spec.body && "json" in spec.body) body = JSON.stringify(spec.body.json);
  else if (spec.body && "raw" in spec.body) body = spec.body.raw;
  else if (spec.body) {
    const form = new FormData();
    for (const [k, v] of spec.body.form) form.append(k, v);
    body = form;
  }
  const req = new NextRequest(url, { method: spec.method, headers, body });
  const early = await proxy(req);
  if (!early.headers.get("x-middleware-next")) return early;
  const { pattern, params } = match(pathname);
  const mod = await moduleFor(pattern);
  const handler = mod[spec.method === "HEAD" ? "GET" : spec.method];
  if (!handler) throw new Error(`the proxy let ${spec.method} ${pathname} through`);
  return handler(req, { params: Promise.resolve(params) });
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
const badTypes = fc.oneof(
  fc.constantFrom(
    "application/jsonx",
    "application/json-seq",
    "text/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-dat",
    "audio/wav",
    "application/javascript",
    "json",
  ),
  fc
    .stringMatching(/^[a-z]{1,12}\/[a-z+.-]{1,20}$/)
    .filter((t) => t !== "application/json" && t !== "multipart/form-data"),
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

type Defect = (spec: Spec) => Spec;

export function defects(t: Target): fc.Arbitrary<Defect>[] {
  const allowed = API_ROUTES[t.pattern]!;
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
        headers: { ...without(s.headers, ["authorization", "cookie"]), ...h },
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
      badTypes.map((type) => (s) => ({ ...s, headers: { ...s.headers, "content-type": type } })),
      fc.string({ maxLength: 30 }).map((junk) => (s) => ({
        ...s,
        // A raw control character is never valid JSON, wherever the junk left off.
        body: {
          raw: `${JSON.stringify(s.body && "json" in s.body ? s.body.json : {}).slice(0, -1)}${junk}\u0001`,
        },
      })),
    );
  }
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
  let path = t.pattern;
  for (const [name, value] of Object.entries(t.params ?? {}))
    path = path.replace(`[${name}]`, value);
  const base: Spec = {
    method: t.method,
    path,
    query: {},
    headers: { ...t.goodAuth, ...(t.body ? { "content-type": "application/json" } : {}) },
    ...(t.body ? { body: { json: t.body() } } : {}),
  };
  const noise = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.string({ maxLength: 20 }),
    { maxKeys: 3 },
  );
  return fc
    .tuple(fc.array(fc.oneof(...defects(t)), { minLength: 1, maxLength: 3 }), noise)
    .map(([ds, query]) => withSummary(ds.reduce((s, d) => d(s), { ...base, query })));
}

/** Counterexamples print as a short summary, not 70 KB of padding. */
export function describeSpec(spec: Spec): string {
  return JSON.stringify({ ...spec, body: JSON.stringify(spec.body)?.slice(0, 300) });
}

function withSummary(spec: Spec): Spec {
  return Object.assign(spec, { [fc.toStringMethod]: () => describeSpec(spec) });
}
