// The HS256 key for local sessions and call tokens: AUTH_SECRET, or on the embedded
// default a random key generated once into the data directory (mode 0600).
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";

let cached: Promise<Uint8Array> | undefined;

async function loadOrCreate(): Promise<Uint8Array> {
  // env() refuses production with DATABASE_URL but no AUTH_SECRET, so a generated key is
  // only ever used on one machine.
  const { AUTH_SECRET, VOXLINE_DATA_DIR } = env();
  if (AUTH_SECRET) return new TextEncoder().encode(AUTH_SECRET);
  const file = path.resolve(VOXLINE_DATA_DIR, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing && existing.trim().length >= 32) return new TextEncoder().encode(existing.trim());
  const secret = randomBytes(32).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600, flag: "w" });
  return new TextEncoder().encode(secret);
}

export function getSigningKey(): Promise<Uint8Array> {
  cached ??= loadOrCreate().catch((error) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
