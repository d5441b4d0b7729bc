// npm run health-check -- --url URL
// Calls every health route of a running deployment, prints one line per check, and exits
// non-zero if any route fails (HTTP 503, a "fail" status, or not a health+json answer).
import { parseArgs } from "node:util";
import { z } from "zod";
import { deploymentClient, deploymentOptions } from "@/lib/ops/http-client";

const HELP = `Usage: npm run health-check -- --url URL [options]

Calls /api/health, /api/health/database, /api/health/ai-services and /api/health/voice and
prints each check. Exit code 0 when every route passes (or warns), 1 when any fails, 2 on
usage errors.

Options:
  --url URL            the deployment, e.g. https://voxline.example.com
  --bypass-token TOKEN Vercel deployment-protection bypass secret
                       (default: VERCEL_AUTOMATION_BYPASS_SECRET)
  --timeout MS         per-request timeout (default 10000)
  --fail-on-warn       exit 1 on "warn" too
  --json               print the raw reports as JSON
  -h, --help           this help`;

const ROUTES = [
  "/api/health",
  "/api/health/database",
  "/api/health/ai-services",
  "/api/health/voice",
];

const reportSchema = z.object({
  status: z.enum(["pass", "warn", "fail"]),
  checks: z.record(
    z.string(),
    z.array(
      z.object({
        status: z.enum(["pass", "warn", "fail"]),
        observedValue: z.unknown().optional(),
        observedUnit: z.string().optional(),
        output: z.string().optional(),
        time: z.string(),
      }),
    ),
  ),
});

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));

async function main() {
  const { values } = parseArgs({
    options: {
      ...deploymentOptions,
      "fail-on-warn": { type: "boolean" },
      json: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const client = deploymentClient(values, 10_000);
  if (!client) return 2;

  let failed = 0;
  let warned = 0;
  const reports: Record<string, unknown> = {};
  console.log(`Health of ${client.baseUrl}`);
  for (const route of ROUTES) {
    const start = performance.now();
    let line = `${pad(route, 26)}`;
    try {
      const res = await client.request("GET", route, { cookies: false });
      const ms = Math.round(performance.now() - start);
      const type = res.headers.get("content-type") ?? "";
      const body = await res.json().catch(() => null);
      const parsed = reportSchema.safeParse(body);
      reports[route] = body;
      if (!type.startsWith("application/health+json") || !parsed.success) {
        failed++;
        console.log(
          `${line} HTTP ${res.status}  FAIL  not a health report (${type || "no type"}) ${ms} ms`,
        );
        continue;
      }
      const report = parsed.data;
      if (report.status === "fail" || res.status !== 200) failed++;
      if (report.status === "warn") warned++;
      line += ` HTTP ${res.status}  ${pad(report.status.toUpperCase(), 4)}  ${ms} ms`;
      console.log(line);
      for (const [name, [check]] of Object.entries(report.checks)) {
        if (!check) continue;
        const observed =
          check.observedValue === undefined
            ? ""
            : `${String(check.observedValue)}${check.observedUnit ? ` ${check.observedUnit}` : ""}`;
        console.log(
          `    ${pad(name, 28)} ${pad(check.status, 4)}  ${pad(observed, 16)} ${check.output ?? ""}`.trimEnd(),
        );
      }
    } catch (error) {
      failed++;
      const reason =
        error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : String(error);
      console.log(`${line} FAIL  ${reason}`);
    }
  }
  if (values.json) console.log(JSON.stringify(reports, null, 2));
  const bad = failed > 0 || (values["fail-on-warn"] && warned > 0);
  console.log(
    bad
      ? `UNHEALTHY: ${failed} route(s) failing${warned ? `, ${warned} warning` : ""}`
      : `HEALTHY${warned ? ` (${warned} route(s) warning)` : ""}`,
  );
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
