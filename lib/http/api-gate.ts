// What the proxy answers itself for /api/* before routing, as JSON errors: a path with a
// malformed percent-escape (400), a method the route does not export (405 + Allow), and an
// unknown path with a method Next.js would not route (404). Everything else goes on to the
// route (unknown paths with ordinary methods reach the JSON 404 of app/api/[...path]).
import { AppError, errorBody } from "@/lib/errors";
import { allowedMethods } from "./api-routes";
import { isMalformedEncoding } from "./parse";

// The methods a Next.js route file can export; anything else never reaches a handler.
const ROUTABLE = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]);

function json(error: AppError, headers: { allow?: string } = {}) {
  const { status, body } = errorBody(error);
  // HEAD answers carry no body; the status and headers say it all.
  return { status, body, headers: { "cache-control": "no-store", ...headers } };
}

export type GateAnswer = ReturnType<typeof json>;

/** The error answer for `method` on `rawPathname` (still percent-encoded), or null to go on. */
export function gateApiRequest(method: string, rawPathname: string): GateAnswer | null {
  if (rawPathname.split("/").some(isMalformedEncoding))
    return json(new AppError("invalid_input", "The path has a malformed percent-escape", 400));
  const allow = allowedMethods(rawPathname);
  if (!allow) {
    if (ROUTABLE.has(method)) return null;
    return json(new AppError("not_found", `No API route at ${rawPathname}`, 404));
  }
  if (allow.includes(method)) return null;
  return json(
    new AppError(
      "method_not_allowed",
      `${method} is not allowed here; use ${allow.join(", ")}`,
      405,
    ),
    { allow: allow.join(", ") },
  );
}
