// Which errors mean "the database is unavailable" (503 + Retry-After) and which stay 500s.
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { AppError, errorBody } from "@/lib/errors";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["connection refused", withCode("ECONNREFUSED")],
    [
      "happy-eyeballs AggregateError",
      Object.assign(new AggregateError([withCode("ECONNREFUSED")]), { code: "ECONNREFUSED" }),
    ],
    ["AggregateError without its own code", new AggregateError([withCode("ECONNREFUSED")])],
    ["reset", withCode("ECONNRESET")],
    ["admin shutdown 57P01", withCode("57P01")],
    ["cannot connect now 57P03", withCode("57P03")],
    ["connection failure 08006", withCode("08006")],
    ["statement timeout 57014", withCode("57014")],
    ["too many connections", withCode("53300")],
    ["pg connect timeout", new Error("timeout exceeded when trying to connect")],
    ["pg terminated", new Error("Connection terminated unexpectedly")],
    ["pg read timeout", new Error("Query read timeout")],
    ["wrapped in a cause", new Error("outer", { cause: withCode("ECONNREFUSED") })],
  ])("%s → unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const mapped = errorBody(error);
    expect(mapped.status).toBe(503);
    expect(mapped.body.error.code).toBe("database_unavailable");
    expect(mapped.headers?.["retry-after"]).toBe("5");
  });

  it.each([
    ["unique violation", withCode("23505")],
    ["syntax error", withCode("42601")],
    ["permission denied", withCode("42501")],
    ["a plain bug", new TypeError("x is undefined")],
    ["null", null],
    ["a string", "ECONNREFUSED"],
  ])("%s → not unavailable (500)", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(errorBody(error).status).toBe(500);
  });

  it("leaves AppErrors to their own status", () => {
    expect(errorBody(new AppError("conflict", "no", 409)).status).toBe(409);
  });
});
