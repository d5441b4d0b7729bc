// Plans a secret rotation on Vercel: AUTH_SECRET gets a fresh random value and the one it
// replaces becomes AUTH_SECRET_PREVIOUS (tokens it signed verify until they expire), and
// vendor keys are replaced by the values an operator hands in. Secrets are never printed:
// the plan names AUTH_SECRET values by key id and vendor values by their last 4 characters.
import { randomBytes } from "node:crypto";
import { keyId } from "@/lib/auth/secret";
import type { EnvUpdate, VercelEnvVar } from "./vercel-env";

/** Vendor keys rotate by handing in the new value; see docs/operations.md. */
export const VENDOR_KEYS = [
  "LIVEKIT_API_KEY",
  "LIVEKIT_API_SECRET",
  "DEEPGRAM_API_KEY",
  "OPENAI_API_KEY",
  "UPSTASH_REDIS_REST_URL",
  "UPSTASH_REDIS_REST_TOKEN",
] as const;

export interface RotationPlan {
  updates: EnvUpdate[];
  lines: string[];
}

export class RotationError extends Error {
  override name = "RotationError";
}

export const newSecret = () => randomBytes(32).toString("base64url");

const tail = (value: string) => `…${value.slice(-4)}`;

export function planAuthRotation(
  vars: VercelEnvVar[],
  target: string,
  /** The current secret from the operator's environment, for a "sensitive" variable. */
  localCurrent: string | undefined,
  next = newSecret(),
): RotationPlan {
  const existing = vars.find((v) => v.key === "AUTH_SECRET");
  const previous = vars.find((v) => v.key === "AUTH_SECRET_PREVIOUS");
  const current = existing?.value ?? localCurrent;
  if (existing && !current) {
    throw new RotationError(
      "Vercel does not return AUTH_SECRET (a sensitive variable): run again with the current value in AUTH_SECRET, so it can become AUTH_SECRET_PREVIOUS",
    );
  }
  const where = { target: existing?.target ?? [target], type: existing?.type ?? "encrypted" };
  const updates: EnvUpdate[] = [];
  const lines = [`AUTH_SECRET           a new random secret (key id ${keyId(next)})`];
  if (current) {
    updates.push({ key: "AUTH_SECRET_PREVIOUS", value: current, ...where });
    lines.push(
      `AUTH_SECRET_PREVIOUS  the current secret (key id ${keyId(current)}): what it signed verifies until it expires`,
    );
  }
  updates.push({ key: "AUTH_SECRET", value: next, ...where });
  if (previous?.value && previous.value !== current) {
    lines.push(
      `dropped               the secret before it (key id ${keyId(previous.value)}): what it signed is refused from now on`,
    );
  }
  return { updates, lines };
}

export function planVendorRotation(
  vars: VercelEnvVar[],
  target: string,
  values: Record<string, string>,
): RotationPlan {
  const unknown = Object.keys(values).filter(
    (k) => !(VENDOR_KEYS as readonly string[]).includes(k),
  );
  if (unknown.length) {
    throw new RotationError(
      `Not a vendor key this script rotates: ${unknown.join(", ")} (known: ${VENDOR_KEYS.join(", ")})`,
    );
  }
  const updates: EnvUpdate[] = [];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (!value) throw new RotationError(`${key} is empty in the vendor file`);
    const existing = vars.find((v) => v.key === key);
    updates.push({
      key,
      value,
      target: existing?.target ?? [target],
      type: existing?.type ?? "encrypted",
    });
    lines.push(
      `${key.padEnd(22)}${existing?.value ? tail(existing.value) : "(unset or hidden)"} -> ${tail(value)}`,
    );
  }
  return { updates, lines };
}
