// A Vercel project's environment variables and redeploys, for rotate-secrets: read the
// variables (decrypted where Vercel allows it), upsert new values, and redeploy production
// so the functions start with them.
import { z } from "zod";
import {
  currentProduction,
  type Deployment,
  request,
  type VercelConfig,
  VercelError,
} from "./vercel";

const envVarSchema = z.object({
  id: z.string(),
  key: z.string(),
  // Absent for "sensitive" variables, which Vercel never returns once written.
  value: z.string().optional(),
  type: z.string(),
  target: z.union([z.array(z.string()), z.string()]).transform((t) => (Array.isArray(t) ? t : [t])),
});
export type VercelEnvVar = z.infer<typeof envVarSchema>;

/** The project's variables that apply to `target` (e.g. "production"), decrypted. */
export async function listEnv(config: VercelConfig, target: string): Promise<VercelEnvVar[]> {
  const body = await request(config, "GET", `/v10/projects/${config.VERCEL_PROJECT_ID}/env`, {
    decrypt: "true",
  });
  return z
    .array(envVarSchema)
    .parse(body?.envs ?? [])
    .filter((v) => v.target.includes(target));
}

export interface EnvUpdate {
  key: string;
  value: string;
  target: string[];
  type: string;
}

/** Creates or replaces each variable (Vercel's upsert), in one request. */
export async function upsertEnv(config: VercelConfig, updates: EnvUpdate[]) {
  await request(
    config,
    "POST",
    `/v10/projects/${config.VERCEL_PROJECT_ID}/env`,
    { upsert: "true" },
    updates,
  );
}

const deploymentState = z.object({
  id: z.string(),
  url: z.string(),
  readyState: z.string(),
});

/**
 * Redeploys what production runs now (same source, today's variables) and waits until the
 * new deployment is READY and production points at it.
 */
export async function redeployProduction(
  config: VercelConfig,
  waitMs = 15 * 60_000,
  pollMs = 5000,
): Promise<{ from: Deployment; to: { id: string; url: string } }> {
  const from = await currentProduction(config);
  const project = await request(config, "GET", `/v9/projects/${config.VERCEL_PROJECT_ID}`);
  const created = deploymentState.parse(
    await request(
      config,
      "POST",
      "/v13/deployments",
      {},
      {
        name: project?.name ?? config.VERCEL_PROJECT_ID,
        deploymentId: from.uid,
        target: "production",
      },
    ),
  );
  const deadline = Date.now() + waitMs;
  for (;;) {
    const now = deploymentState.parse(
      await request(config, "GET", `/v13/deployments/${created.id}`),
    );
    if (now.readyState === "ERROR" || now.readyState === "CANCELED") {
      throw new VercelError(
        `The redeploy ${now.url} ended ${now.readyState}; production is unchanged`,
      );
    }
    if (now.readyState === "READY" && (await currentProduction(config)).uid === now.id) {
      return { from, to: { id: now.id, url: now.url } };
    }
    if (Date.now() > deadline) {
      throw new VercelError(
        `The redeploy ${now.url} is ${now.readyState} after ${waitMs / 1000} s`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
