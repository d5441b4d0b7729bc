// The few Vercel REST API calls the ops scripts need: which deployment production points
// at now, the READY production deployments before it, "point production at this one"
// (rollback), and the project's environment variables plus a redeploy (rotate-secrets).
// VERCEL_API_URL overrides the base URL (tests use a local stand-in).
import { z } from "zod";
import type { Env } from "@/lib/env";

export const vercelEnvSchema = z.object({
  VERCEL_TOKEN: z.string("set VERCEL_TOKEN (a Vercel access token)").min(1),
  VERCEL_PROJECT_ID: z.string("set VERCEL_PROJECT_ID").min(1),
  VERCEL_ORG_ID: z.string().min(1).optional(),
  VERCEL_API_URL: z.url().default("https://api.vercel.com"),
});

export type VercelConfig = z.infer<typeof vercelEnvSchema>;

/** The Vercel settings from the app's env schema; throws naming what is missing. */
export function vercelConfig(e: Env): VercelConfig {
  const parsed = vercelEnvSchema.safeParse(e);
  if (!parsed.success) throw new VercelError(parsed.error.issues.map((i) => i.message).join("; "));
  return parsed.data;
}

export interface Deployment {
  uid: string;
  url: string;
  created: number;
  readyState: string;
  target: string | null;
}

export class VercelError extends Error {
  override name = "VercelError";
  constructor(
    message: string,
    readonly status?: number,
    /** "production_changed": production is not the deployment the caller expected. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const deploymentSchema = z
  .object({
    uid: z.string().optional(),
    id: z.string().optional(),
    url: z.string(),
    created: z.number().optional(),
    createdAt: z.number().optional(),
    readyState: z.string().optional(),
    state: z.string().optional(),
    target: z.string().nullish(),
  })
  .transform(
    (d): Deployment => ({
      uid: d.uid ?? d.id ?? "",
      url: d.url,
      created: d.created ?? d.createdAt ?? 0,
      readyState: d.readyState ?? d.state ?? "UNKNOWN",
      target: d.target ?? null,
    }),
  );

export async function request(
  config: VercelConfig,
  method: string,
  path: string,
  query = {},
  body?: unknown,
) {
  const url = new URL(path, config.VERCEL_API_URL);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  if (config.VERCEL_ORG_ID) url.searchParams.set("teamId", config.VERCEL_ORG_ID);
  const headers: Record<string, string> = { authorization: `Bearer ${config.VERCEL_TOKEN}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = JSON.parse(text).error?.message ?? message;
    } catch {}
    throw new VercelError(
      `Vercel ${method} ${url.pathname}: HTTP ${res.status}: ${message}`,
      res.status,
    );
  }
  return text ? JSON.parse(text) : null;
}

/** READY production deployments, newest first. */
export async function productionDeployments(config: VercelConfig, limit = 50) {
  const body = await request(config, "GET", "/v6/deployments", {
    projectId: config.VERCEL_PROJECT_ID,
    target: "production",
    state: "READY",
    limit,
  });
  return z
    .array(deploymentSchema)
    .parse(body?.deployments ?? [])
    .sort((a, b) => b.created - a.created);
}

/** The deployment production domains point at (after a rollback, not the newest one). */
export async function currentProduction(config: VercelConfig): Promise<Deployment> {
  const project = await request(config, "GET", `/v9/projects/${config.VERCEL_PROJECT_ID}`);
  const target = project?.targets?.production;
  if (target) return deploymentSchema.parse(target);
  const [newest] = await productionDeployments(config, 1);
  if (!newest) throw new VercelError("The project has no READY production deployment");
  return newest;
}

/** "abc.vercel.app", "https://abc.vercel.app/" and "dpl_123" all name a deployment. */
export function matchesDeployment(d: Deployment, ref: string) {
  const host = ref.replace(/^https?:\/\//, "").replace(/\/+$/, "");
  return d.uid === ref || d.url === host;
}

export interface RollbackPlan {
  current: Deployment;
  target: Deployment;
}

export async function planRollback(
  config: VercelConfig,
  options: { to?: string; expectCurrent?: string } = {},
): Promise<RollbackPlan> {
  const current = await currentProduction(config);
  if (options.expectCurrent && !matchesDeployment(current, options.expectCurrent)) {
    throw new VercelError(
      `Production is ${current.url} (${current.uid}), not ${options.expectCurrent}: someone else changed it, so this rollback stops here`,
      undefined,
      "production_changed",
    );
  }
  const ready = await productionDeployments(config);
  const target = options.to
    ? ready.find((d) => matchesDeployment(d, options.to!))
    : ready.find((d) => d.uid !== current.uid && d.created < current.created);
  if (!target) {
    throw new VercelError(
      options.to
        ? `${options.to} is not a READY production deployment of this project`
        : `No READY production deployment older than ${current.url}: nothing to roll back to`,
    );
  }
  if (target.uid === current.uid) throw new VercelError(`Production already is ${target.url}`);
  return { current, target };
}

/** Points production at `target` (Vercel's instant rollback) and waits until it does. */
export async function rollbackTo(config: VercelConfig, target: Deployment, waitMs = 60_000) {
  await request(config, "POST", `/v1/projects/${config.VERCEL_PROJECT_ID}/rollback/${target.uid}`, {
    description: "voxline rollback script",
  });
  const deadline = Date.now() + waitMs;
  for (;;) {
    const now = await currentProduction(config);
    if (now.uid === target.uid) return now;
    if (Date.now() > deadline) {
      throw new VercelError(`Rollback requested, but production still points at ${now.url}`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
