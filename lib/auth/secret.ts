// The HS256 keys for local sessions and call tokens: AUTH_SECRET signs, and the secret it
// replaced (AUTH_SECRET_PREVIOUS) still verifies, so rotating signs no one out and drops no
// call. On the embedded default (no AUTH_SECRET) a random key is generated once into the
// data directory (mode 0600).
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Env, env } from "@/lib/env";

export interface SigningKey {
  /** Names the secret in a token's header without revealing it: a hash prefix. */
  kid: string;
  key: Uint8Array;
}

export interface KeyRing {
  current: SigningKey;
  previous?: SigningKey;
}

export function keyId(secret: string) {
  return createHash("sha256").update(`voxline-kid:${secret}`).digest("base64url").slice(0, 12);
}

const signingKey = (secret: string): SigningKey => ({
  kid: keyId(secret),
  key: new TextEncoder().encode(secret),
});

async function generatedSecret(dataDir: string): Promise<string> {
  // env() refuses production with DATABASE_URL but no AUTH_SECRET, so a generated key is
  // only ever used on one machine.
  const file = path.resolve(dataDir, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, secret, { mode: 0o600, flag: "w" });
  return secret;
}

async function loadRing(e: Env): Promise<KeyRing> {
  const current = signingKey(e.AUTH_SECRET ?? (await generatedSecret(e.VOXLINE_DATA_DIR)));
  const previous = e.AUTH_SECRET_PREVIOUS ? signingKey(e.AUTH_SECRET_PREVIOUS) : undefined;
  return { current, previous };
}

// Keyed by the parsed environment, so a test (or anything) that resets it gets fresh keys.
let cached: { source: Env; ring: Promise<KeyRing> } | undefined;

export function getKeyRing(): Promise<KeyRing> {
  const source = env();
  if (cached?.source !== source) {
    const ring = loadRing(source).catch((error) => {
      cached = undefined;
      throw error;
    });
    cached = { source, ring };
  }
  return cached.ring;
}

/** The key that verifies a token with header `kid`: current or previous; none otherwise. */
export function keyFor(ring: KeyRing, kid: string | undefined): Uint8Array | undefined {
  // Tokens signed before key ids existed carry none: only the current secret may verify them.
  if (kid === undefined) return ring.current.key;
  if (kid === ring.current.kid) return ring.current.key;
  if (kid === ring.previous?.kid) return ring.previous.key;
  return undefined;
}

/** The current secret's key (kept for callers that sign test tokens directly). */
export async function getSigningKey(): Promise<Uint8Array> {
  return (await getKeyRing()).current.key;
}
