// The edges of every API route without a database: the proxy's JSON 400/404/405 answers, the
// route table against the route files' real exports, exact content types, the one text
// check (NUL, unpaired surrogates), and WAV parsing of odd, truncated and lying files.
import { readdir, readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { NextRequest, NextResponse } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { gateApiRequest } from "@/lib/http/api-gate";
import { API_ROUTES, allowedMethods } from "@/lib/http/api-routes";
import { installServerGuards } from "@/lib/http/node-server";
import { findBadText, isMalformedEncoding, isMediaType, readJson } from "@/lib/http/parse";
import { loggablePath, route } from "@/lib/http/route";
import { parseWav } from "@/lib/voice/audio";
import { wavFile } from "../helpers/wav";

const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"];

async function routeFiles(dir = "app/api"): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? routeFiles(path.join(dir, e.name))
        : e.name === "route.ts"
          ? [path.join(dir, e.name)]
          : [],
    ),
  );
  return nested.flat();
}

describe("the API route table", () => {
  it("lists every route file with exactly the methods it exports", async () => {
    const found: Record<string, string[]> = {};
    for (const file of await routeFiles()) {
      const pattern = `/${path.dirname(file).replace(/^app\//, "")}`;
      if (pattern.includes("[...")) continue; // the JSON 404 catch-all
      const mod = (await import(/* @vite-ignore */ path.join(process.cwd(), file))) as Record<
        string,
        unknown
      >;
      found[pattern] = HTTP_METHODS.filter((m) => typeof mod[m] === "function").sort();
    }
    const table = Object.fromEntries(
      Object.entries(API_ROUTES).map(([p, methods]) => [p, [...methods].sort()]),
    );
    expect(found).toEqual(table);
  }, 60_000);

  it("keeps the database out of route files: query modules do that work", async () => {
    // A route may import a query module (lib/db/queries, lib/<domain>), never the client, a
    // scoped transaction (withUser, withServiceRole, ...) or Kysely itself.
    const direct =
      /from "(@\/lib\/db\/(client|scoped)|kysely)"|\b(getDb|withUser|withAnon|withCaller|withServiceRole|withApiKeyCheck)\(/;
    const offenders: string[] = [];
    for (const file of await routeFiles())
      if (direct.test(await readFile(file, "utf8"))) offenders.push(file);
    expect(offenders).toEqual([]);
  });

  it("matches dynamic segments and adds HEAD with GET, OPTIONS always", () => {
    expect(allowedMethods("/api/campaigns/abc")).toEqual([
      "DELETE",
      "GET",
      "HEAD",
      "OPTIONS",
      "PATCH",
    ]);
    expect(allowedMethods("/api/campaigns/abc/status")).toEqual(["OPTIONS", "POST"]);
    expect(allowedMethods("/api/campaigns/a/b/c")).toBeNull();
  });
});

describe("the proxy's gate for /api/*", () => {
  it("answers 405 + Allow for TRACE and unexported methods", () => {
    for (const method of ["TRACE", "PUT", "CONNECT", "PROPFIND", "DELETE"]) {
      const answer = gateApiRequest(method, "/api/voice/turn");
      expect(answer?.status, method).toBe(405);
      expect(answer?.headers.allow).toBe("OPTIONS, POST");
      expect(answer?.body.error.code).toBe("method_not_allowed");
    }
  });

  it("lets exported and automatic methods through", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"])
      expect(gateApiRequest(method, "/api/health")).toBeNull();
    expect(gateApiRequest("PATCH", "/api/campaigns/x")).toBeNull();
  });

  it("answers 400 to malformed percent-escapes anywhere in the path", () => {
    for (const p of [
      "/api/campaigns/%E0%A4%A",
      "/api/campaigns/%zz",
      "/api/conversations/%",
      "/api/x/%C0%AF",
    ]) {
      expect(gateApiRequest("GET", p)?.status, p).toBe(400);
    }
    expect(gateApiRequest("GET", "/api/campaigns/%41")).toBeNull();
  });

  it("answers 404 to unknown paths with methods Next.js cannot route, else leaves them to the catch-all", () => {
    expect(gateApiRequest("TRACE", "/api/nope")?.status).toBe(404);
    expect(gateApiRequest("GET", "/api/nope")).toBeNull();
  });
});

describe("request parsing", () => {
  const req = (type: string | null, body = "{}") =>
    new Request("http://x/", {
      method: "POST",
      headers: type ? { "content-type": type } : {},
      body,
    });

  it("matches media types exactly, parameters allowed", () => {
    expect(isMediaType(req("application/json"), "application/json")).toBe(true);
    expect(isMediaType(req("Application/JSON; charset=utf-8"), "application/json")).toBe(true);
    expect(isMediaType(req("application/jsonx"), "application/json")).toBe(false);
    expect(isMediaType(req("application/json-seq"), "application/json")).toBe(false);
    expect(isMediaType(req(null), "application/json")).toBe(false);
  });

  it("refuses application/jsonx with 415", async () => {
    await expect(readJson(req("application/jsonx"), z.object({}))).rejects.toMatchObject({
      status: 415,
    });
  });

  it("finds NUL and unpaired surrogates in any string or key, and nothing in good text", () => {
    expect(findBadText({ a: ["ok", "b\u0000d"] })).toBe("a.1");
    expect(findBadText({ "k\u0000": 1 })).toBe("k\\0");
    expect(findBadText("\uD800")).toBe("_");
    expect(findBadText({ t: "x\uDC00" })).toBe("t");
    expect(findBadText({ t: "emoji 😀 ok", n: 1, b: null })).toBeNull();
  });

  it("refuses a NUL in a JSON body with a 400 naming the field", async () => {
    const body = JSON.stringify({ text: "hi\u0000there" });
    await expect(
      readJson(req("application/json", body), z.object({ text: z.string() })),
    ).rejects.toMatchObject({
      status: 400,
      code: "invalid_text",
      fields: { text: expect.any(String) },
    });
  });

  it("tells malformed percent-encoding from good", () => {
    expect(isMalformedEncoding("%E0%A4%A")).toBe(true);
    expect(isMalformedEncoding("%FF")).toBe(true);
    expect(isMalformedEncoding("%41%42")).toBe(false);
    expect(isMalformedEncoding("plain")).toBe(false);
  });
});

describe("parseWav on odd, truncated and lying files", () => {
  const samples = new Uint8Array(16_000); // 0.5 s at 16 kHz
  for (let i = 0; i < samples.length; i += 2) samples[i] = i % 251;
  const good = wavFile({ sampleRate: 16_000, data: samples });
  const chunk = (id: string, body: Uint8Array, size = body.length) => {
    const head = Buffer.alloc(8);
    head.write(id, 0);
    head.writeUInt32LE(size, 4);
    return Buffer.concat([head, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const riff = (...chunks: Buffer[]) => {
    const body = Buffer.concat([Buffer.from("WAVE"), ...chunks]);
    const head = Buffer.alloc(8);
    head.write("RIFF", 0);
    head.writeUInt32LE(body.length, 4);
    return new Uint8Array(Buffer.concat([head, body]));
  };
  const fmt = good.subarray(20, 36);
  const data = good.subarray(44);

  it("reads fmt after data (and a LIST chunk between) exactly as the usual order", () => {
    const usual = parseWav(good);
    const odd = parseWav(
      riff(chunk("data", data), chunk("LIST", new Uint8Array(5)), chunk("fmt ", fmt)),
    );
    expect(odd).toEqual(usual);
    expect(odd.durationMs).toBe(500);
  });

  it("refuses truncated files and chunks that claim more than is there with 400", () => {
    const cases: [string, Uint8Array][] = [
      ["data cut short", good.subarray(0, 44 + 100)],
      ["data size lies", riff(chunk("fmt ", fmt), chunk("data", data, data.length + 10_000))],
      ["fmt size lies", riff(chunk("fmt ", fmt, 4_000_000), chunk("data", data))],
      ["fmt too short", riff(chunk("fmt ", fmt.subarray(0, 8)), chunk("data", data))],
      ["no fmt", riff(chunk("data", data))],
      ["no data", riff(chunk("fmt ", fmt))],
      ["two fmt", riff(chunk("fmt ", fmt), chunk("fmt ", fmt), chunk("data", data))],
      ["header only", good.subarray(0, 12)],
      ["cut inside a chunk header", good.subarray(0, 40)],
    ];
    for (const [label, bytes] of cases) {
      expect(() => parseWav(bytes), label).toThrow(expect.objectContaining({ status: 400 }));
    }
  });

  it("refuses what is not 16-bit PCM with 415", () => {
    const bad = (patch: (v: DataView) => void) => {
      const copy = good.slice();
      patch(new DataView(copy.buffer));
      return copy;
    };
    const cases: [string, Uint8Array][] = [
      ["not RIFF", new Uint8Array(100)],
      ["float", bad((v) => v.setUint16(20, 3, true))],
      ["8-bit", bad((v) => v.setUint16(34, 8, true))],
      ["zero channels", bad((v) => v.setUint16(22, 0, true))],
      ["sample rate 0", bad((v) => v.setUint32(24, 0, true))],
      ["extensible without a PCM sub-format", bad((v) => v.setUint16(20, 0xfffe, true))],
    ];
    for (const [label, bytes] of cases) {
      expect(() => parseWav(bytes), label).toThrow(expect.objectContaining({ status: 415 }));
    }
  });

  it("takes the rest of the file for a streaming encoder's 0 / 0xFFFFFFFF data size", () => {
    for (const size of [0, 0xffffffff]) {
      const wav = parseWav(riff(chunk("fmt ", fmt), chunk("data", data, size)));
      expect(wav.data.length).toBe(data.length);
    }
  });
});

describe("the Node server guards (installed at start by instrumentation.ts)", () => {
  it("answers TRACE with a JSON 405 + Allow before Next.js, which cannot construct it", async () => {
    installServerGuards();
    const server = http.createServer((_req, res) => res.end("reached the app"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const send = (method: string, path: string) =>
      new Promise<{ status: number; allow?: string; body: string }>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode!, allow: res.headers.allow, body }));
        });
        req.on("error", reject);
        req.end();
      });
    try {
      const api = await send("TRACE", "/api/voice/turn");
      expect(api.status).toBe(405);
      expect(api.allow).toBe("OPTIONS, POST");
      expect(JSON.parse(api.body).error.code).toBe("method_not_allowed");
      expect((await send("TRACE", "/api/nope")).status).toBe(404);
      expect((await send("TRACE", "/sign-in")).status).toBe(405);
      expect((await send("GET", "/api/voice/turn")).body).toBe("reached the app");
    } finally {
      server.close();
    }
  });
});

describe("route(): the declarative form", () => {
  const handler = route(
    {
      params: z.strictObject({ id: z.string().max(10) }),
      query: z.strictObject({
        tag: z.array(z.string()).optional(),
        n: z.coerce.number().optional(),
      }),
      body: z.strictObject({ text: z.string() }).optional(),
    },
    async ({ params, query, body, requestId }) =>
      NextResponse.json({ params, query, body: body ?? null, requestId }),
  );
  const send = async (
    url: string,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
    params: unknown = { id: "a" },
  ) => {
    const res = await handler(new NextRequest(`http://x${url}`, init), {
      params: Promise.resolve(params),
    });
    return { status: res.status, body: await res.json(), id: res.headers.get("x-request-id") };
  };
  const post = (body: string, type = "application/json") => ({
    method: "POST",
    body,
    headers: { "content-type": type, "x-request-id": "req-1" },
  });

  it("parses params, query (repeated keys as arrays) and body, and echoes the request id", async () => {
    const res = await send("/?tag=a&tag=b&n=3", post('{"text":"hi"}'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      params: { id: "a" },
      query: { tag: ["a", "b"], n: 3 },
      body: { text: "hi" },
      requestId: "req-1",
    });
    expect(res.id).toBe("req-1");
  });

  it("parses an empty body as undefined, so the schema decides", async () => {
    expect((await send("/", { method: "POST" })).body.body).toBeNull();
  });

  it("answers 400 for NUL in the query or params and malformed escapes in params", async () => {
    expect((await send("/?n=%00")).body.error.code).toBe("invalid_text");
    expect((await send("/", {}, { id: "a\u0000" })).status).toBe(400);
    expect((await send("/", {}, { id: "%E0%A4%A" })).body.error.message).toMatch(/percent/);
  });

  it("answers 415 to look-alike types, 400 to schema failures, never 500", async () => {
    expect((await send("/", post('{"text":"hi"}', "application/jsonx"))).status).toBe(415);
    expect((await send("/", post('{"text":1}'))).status).toBe(400);
    expect((await send("/?n=x")).status).toBe(400);
  });

  it("answers 401 without a session or call token on user and caller routes", async () => {
    for (const auth of ["user", "caller"] as const) {
      const guarded = route({ auth }, async () => NextResponse.json({ ok: true }));
      const res = await guarded(new NextRequest("http://x/"), { params: Promise.resolve({}) });
      expect(res.status, auth).toBe(401);
      expect((await res.json()).error.code).toBe("unauthorized");
    }
  });
});

describe("loggablePath", () => {
  it("cuts a token out of a path and keeps ids", () => {
    const token = "eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJDQTEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    expect(loggablePath(`/api/telephony/audio/${token}`)).toBe("/api/telephony/audio/[redacted]");
    const id = "0b3c5e1e-8a2f-4d7e-9c1b-2f4e6a8c0d1e";
    expect(loggablePath(`/api/calls/${id}/end`)).toBe(`/api/calls/${id}/end`);
  });
});
