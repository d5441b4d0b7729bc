// GET /api/v1/openapi.json: a valid OpenAPI 3.1 document (checked against the official
// schema by @seriousme/openapi-schema-validator) that documents every /api/v1 route in
// lib/http/api-routes.ts, with bearer auth, the error responses and the cursor pagination.
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { API_ROUTES } from "@/lib/http/api-routes";
import { call } from "../helpers/http";

type Json = any;

describe("the OpenAPI document", () => {
  let doc: Json;

  beforeAll(async () => {
    const res = await call(openapiRoute.GET, "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    doc = res.body;
  });

  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(doc.servers).toEqual([{ url: "http://localhost:3000" }]);
  });

  it("documents every /api/v1 route and method, and nothing else", () => {
    const routes = Object.entries(API_ROUTES)
      .filter(([path]) => path.startsWith("/api/v1/") && path !== "/api/v1/openapi.json")
      .map(([path, methods]) => [
        path.replace(/\[(\w+)\]/g, "{$1}"),
        methods.map((m) => m.toLowerCase()),
      ]);
    expect(routes.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(doc.paths).sort()).toEqual(routes.map(([p]) => p).sort());
    for (const [path, methods] of routes)
      expect(Object.keys(doc.paths[path as string])).toEqual(methods);
  });

  it("requires the bearer key and documents the errors on every operation", () => {
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ apiKey: [] }]);
    for (const [path, ops] of Object.entries<Json>(doc.paths)) {
      const op = ops.get;
      for (const status of ["200", "400", "401", "429"])
        expect(op.responses[status], `${path} ${status}`).toBeDefined();
      expect(op.responses["401"].content["application/json"].schema.$ref).toBe(
        "#/components/schemas/Error",
      );
      expect(op.responses["429"].headers["Retry-After"]).toBeDefined();
      for (const p of op.parameters.filter((p: Json) => p.in === "path"))
        expect(path).toContain(`{${p.name}}`);
    }
  });

  it("describes cursor pagination on every list", () => {
    for (const path of ["/api/v1/campaigns", "/api/v1/conversations", "/api/v1/leads"]) {
      const op = doc.paths[path].get;
      const names = op.parameters.map((p: Json) => p.name);
      expect(names).toEqual(expect.arrayContaining(["cursor", "limit"]));
      const limit = op.parameters.find((p: Json) => p.name === "limit").schema;
      expect(limit).toMatchObject({ type: "integer", minimum: 1, maximum: 100 });
      const ref = op.responses["200"].content["application/json"].schema.$ref.split("/").pop();
      const page = doc.components.schemas[ref];
      expect(page.required).toEqual(["data", "next_cursor"]);
      expect(page.properties.data.type).toBe("array");
      expect(page.properties.next_cursor.type).toEqual(["string", "null"]);
    }
    const conv = doc.paths["/api/v1/conversations"].get.parameters.map((p: Json) => p.name);
    expect(conv).toEqual(expect.arrayContaining(["campaign", "status", "channel", "from", "to"]));
  });

  it("resolves every $ref to a component", () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      const name = ref.slice(8, -1).replace("#/components/schemas/", "");
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
  });
});
