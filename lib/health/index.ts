// The HTTP form of a health report: application/health+json, 200 for pass or warn, 503 for
// fail, never cached.
import type { HealthReport } from "./check";

export { type HealthReport, runChecks } from "./check";

export function healthResponse(report: HealthReport): Response {
  return new Response(JSON.stringify(report), {
    status: report.status === "fail" ? 503 : 200,
    headers: {
      "content-type": "application/health+json",
      "cache-control": "no-store",
    },
  });
}
