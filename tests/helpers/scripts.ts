// Runs a script in scripts/ as operators do: a child process through tsx, with a real exit
// code, and no DATABASE_URL or tokens inherited: each test passes the environment it means.
import { spawn } from "node:child_process";
import path from "node:path";
import type { StandInDeployment } from "../stand-ins/vercel";

const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");

/** Runs `scripts/<name>.ts` with `args`; `output` is stdout and stderr as they came. */
export function runScript(name: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(tsx, [`scripts/${name}.ts`, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The variables the Vercel scripts read, pointed at a Vercel stand-in. */
export const vercelEnv = (
  auth: { token: string; projectId: string; teamId: string },
  apiUrl: string,
) => ({
  VERCEL_TOKEN: auth.token,
  VERCEL_PROJECT_ID: auth.projectId,
  VERCEL_ORG_ID: auth.teamId,
  VERCEL_API_URL: apiUrl,
});

/** A production deployment live for the last hour: the one a secret rotation redeploys. */
export const liveDeployment = (): StandInDeployment => ({
  uid: "dpl_live",
  url: "voxline-live.vercel.app",
  created: Date.now() - 3_600_000,
  target: "production",
  readyState: "READY",
});
