// npm run rotate-secrets -- [--dry-run] [--yes] [--vendor-file FILE [--auth]] [--no-redeploy]
// Rotates AUTH_SECRET in the Vercel project without signing anyone out or dropping a call:
// a new random secret becomes AUTH_SECRET and the current one AUTH_SECRET_PREVIOUS, then
// production is redeployed. Vendor keys (LiveKit, Deepgram, OpenAI, Upstash) are set the
// same way from a file of NAME=value lines. Exit codes: 0 done (or dry run), 1 failed,
// 2 usage or configuration error, 3 refused (not confirmed).
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline/promises";
import { parseArgs, parseEnv } from "node:util";
import { type Env, env } from "@/lib/env";
import {
  planAuthRotation,
  planVendorRotation,
  RotationError,
  type RotationPlan,
} from "@/lib/ops/rotation";
import { type VercelConfig, vercelConfig } from "@/lib/ops/vercel";
import { listEnv, redeployProduction, upsertEnv } from "@/lib/ops/vercel-env";

const HELP = `Usage: npm run rotate-secrets -- [options]

Rotates AUTH_SECRET in the Vercel project: a new random secret signs from now on, the
current one moves to AUTH_SECRET_PREVIOUS (sessions and call tokens it signed keep working
until they expire: 7 days and 15 minutes), the one before that is dropped. Then production
is redeployed so every function starts with the new values. Rotate at most once a week, or
sessions signed before the previous rotation are signed out.

Options:
  --dry-run            print the plan (key ids, never secrets) and change nothing
  --yes                do not ask for confirmation (CI); without it, asks on a terminal
  --vendor-file FILE   set vendor keys from FILE (NAME=value lines: LIVEKIT_API_KEY,
                       LIVEKIT_API_SECRET, DEEPGRAM_API_KEY, OPENAI_API_KEY,
                       UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN) instead of
                       rotating AUTH_SECRET
  --auth               with --vendor-file: rotate AUTH_SECRET as well
  --target ENV         the Vercel environment (default production)
  --no-redeploy        set the variables only (they apply at the next deployment)
  -h, --help           this help

Environment: VERCEL_TOKEN, VERCEL_PROJECT_ID, VERCEL_ORG_ID (team id, if any),
VERCEL_API_URL. AUTH_SECRET only when Vercel hides the current value (a "sensitive" variable).

Exit codes: 0 done or dry run; 1 failed; 2 usage or configuration error; 3 refused.`;

class UsageError extends Error {}
class Refused extends Error {}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY)
    throw new Refused("Not a terminal and --yes not given: nothing changed");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(`${question} Type "rotate" to continue: `)).trim() === "rotate";
  } finally {
    rl.close();
  }
}

function options() {
  const { values } = parseArgs({
    options: {
      "dry-run": { type: "boolean" },
      yes: { type: "boolean" },
      "vendor-file": { type: "string" },
      auth: { type: "boolean" },
      target: { type: "string", default: "production" },
      "no-redeploy": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  return values;
}

async function main() {
  let values: ReturnType<typeof options>;
  try {
    values = options();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  let e: Env;
  let config: VercelConfig;
  try {
    e = env();
    config = vercelConfig(e);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const target = values.target;
  const vars = await listEnv(config, target);

  const plans: RotationPlan[] = [];
  if (!values["vendor-file"] || values.auth) {
    plans.push(planAuthRotation(vars, target, e.AUTH_SECRET));
  }
  if (values["vendor-file"]) {
    const text = await readFile(values["vendor-file"], "utf8").catch(() => {
      throw new UsageError(`Cannot read ${values["vendor-file"]}`);
    });
    plans.push(planVendorRotation(vars, target, parseEnv(text) as Record<string, string>));
  }
  console.log(`Vercel project ${config.VERCEL_PROJECT_ID}, environment ${target}:`);
  for (const line of plans.flatMap((p) => p.lines)) console.log(`  ${line}`);
  console.log(
    values["no-redeploy"] ? "No redeploy (--no-redeploy)." : "Then: redeploy production.",
  );

  if (values["dry-run"]) {
    console.log("Dry run: nothing changed.");
    return 0;
  }
  if (!values.yes && !(await confirm("Rotate as planned above?"))) {
    throw new Refused("Not confirmed: nothing changed");
  }
  // One request: the previous secret and the new one land together.
  await upsertEnv(
    config,
    plans.flatMap((p) => p.updates),
  );
  console.log(`Set ${plans.flatMap((p) => p.updates.map((u) => u.key)).join(", ")}.`);
  if (!values["no-redeploy"]) {
    const { from, to } = await redeployProduction(config);
    console.log(`Redeployed production: ${from.url} -> ${to.url} (${to.id}).`);
  }
  console.log("Rotation done.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError || error instanceof RotationError) {
      console.error(`${error.message}\n\nRun with --help for usage.`);
      process.exit(2);
    }
    if (error instanceof Refused) {
      console.error(error.message);
      process.exit(3);
    }
    console.error(`ROTATION FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
