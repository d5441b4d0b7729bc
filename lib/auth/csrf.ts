// Cross-site request forgery: a cookie-authenticated mutation must come from the app's own
// pages. Browsers say where a request comes from in Sec-Fetch-Site and Origin, which a page
// cannot forge; the app's own origins come from configuration (lib/env appOrigins), never
// from the request's Host header. The same rules as Go's http.CrossOriginProtection:
// a request carrying neither header is not from a browser (curl, a server) and carries no
// ambient cookies to abuse, so it passes.
import { appOrigins, env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request is cross-origin, or null when it may proceed. */
export function crossOriginReason(headers: Headers, origins: readonly string[]): string | null {
  const site = headers.get("sec-fetch-site");
  // "none": the user typed the URL or used a bookmark, which cannot be forged by a page.
  if (site && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site is ${site}`;
  const origin = headers.get("origin");
  if (origin !== null && !origins.includes(origin.toLowerCase())) {
    return `Origin ${origin} is not this app's`;
  }
  return null;
}

/** 403 unless a state-changing request comes from one of the app's own origins. */
export function assertSameOrigin(headers: Headers, method: string) {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  const reason = crossOriginReason(headers, appOrigins(env()));
  if (reason) {
    throw new AppError("forbidden", `Cross-origin request refused: ${reason}`, 403);
  }
}
