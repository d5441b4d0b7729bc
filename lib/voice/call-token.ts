// The caller's credential for one call: a short-lived HS256 JWT bound to the conversation.
// Every turn answers with a fresh one, so an active call never expires mid-sentence.
//
// Hot path (every turn): a token this server signed or already verified is remembered with its
// claims until it expires, so a turn checks it with one map lookup instead of an HMAC and a zod
// parse; and a call's token is re-signed at most once a minute (the token returned is then at
// most a minute older than a fresh one, with ≥ 14 minutes left). Both caches belong to one key
// ring: a rotation (a new environment) starts them afresh, so a key dropped from the ring
// verifies nothing it signed.
import { z } from "zod";
import { signToken, verifyToken } from "@/lib/auth/jwt";
import { getKeyRing, type KeyRing } from "@/lib/auth/secret";
import { AppError } from "@/lib/errors";

const AUDIENCE = "voxline-call";
export const CALL_TOKEN_SECONDS = 15 * 60;
/** A call's last signed token is answered again for this long instead of signing a new one. */
const RESIGN_AFTER_MS = 60_000;
/**
 * Entries kept per cache; past it the oldest go (a map keeps insertion order). A few MB at
 * most; a token that fell out is simply verified again.
 */
const MAX_ENTRIES = 4_096;

const callClaimsSchema = z.object({
  sub: z.uuid(), // conversation id
  sat: z.iso.datetime({ offset: true }), // conversation started_at: half of its key
  own: z.uuid(),
  cmp: z.uuid(),
  /** The campaign's language, so transcription can start before the call is loaded. */
  lng: z.string().max(16),
});
export type CallClaims = z.infer<typeof callClaimsSchema>;

interface Known {
  claims: CallClaims;
  /** Epoch ms after which the token is no longer taken from the cache. */
  expiresAt: number;
}
interface Signed {
  token: string;
  signedAt: number;
  /** The claims it was signed for, so different claims for one call are never mixed up. */
  key: string;
}
interface Caches {
  verified: Map<string, Known>;
  signed: Map<string, Signed>;
}

const byRing = new WeakMap<KeyRing, Caches>();

async function caches(): Promise<Caches> {
  const ring = await getKeyRing();
  let c = byRing.get(ring);
  if (!c) {
    c = { verified: new Map(), signed: new Map() };
    byRing.set(ring, c);
  }
  return c;
}

function remember<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

const claimsKey = (c: CallClaims) => `${c.sub}|${c.sat}|${c.own}|${c.cmp}|${c.lng}`;

/** Signed with the current secret (its key id in the header); see lib/auth/jwt.ts. */
export async function signCallToken(c: CallClaims): Promise<string> {
  const { verified, signed } = await caches();
  const now = Date.now();
  const key = claimsKey(c);
  const last = signed.get(c.sub);
  if (last && last.key === key && now - last.signedAt < RESIGN_AFTER_MS) return last.token;
  const claims = { sub: c.sub, sat: c.sat, own: c.own, cmp: c.cmp, lng: c.lng };
  const token = await signToken(
    { sat: c.sat, own: c.own, cmp: c.cmp, lng: c.lng },
    { subject: c.sub, audience: AUDIENCE, seconds: CALL_TOKEN_SECONDS },
  );
  remember(signed, c.sub, { token, signedAt: now, key });
  // jose rounds iat down to the second: a second of margin keeps the cache inside exp.
  remember(verified, token, { claims, expiresAt: now + (CALL_TOKEN_SECONDS - 1) * 1000 });
  return token;
}

const invalid = () =>
  new AppError("unauthorized", "The call token is missing, invalid or expired", 401);

/** The call claims of `Authorization: Bearer <callToken>`; 401 otherwise. */
export function requireCallToken(req: Request): Promise<CallClaims> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  return verifyCallToken(token);
}

/** The claims of a call token (from a header, or a sendBeacon body); 401 otherwise. */
export async function verifyCallToken(token: string | undefined): Promise<CallClaims> {
  if (!token) throw invalid();
  const { verified } = await caches();
  const known = verified.get(token);
  if (known) {
    if (known.expiresAt > Date.now()) return { ...known.claims };
    verified.delete(token);
  }
  let payload: Awaited<ReturnType<typeof verifyToken>>;
  try {
    payload = await verifyToken(token, AUDIENCE);
  } catch {
    throw invalid();
  }
  const parsed = callClaimsSchema.safeParse(payload);
  if (!parsed.success) throw invalid();
  const claims = parsed.data;
  // exp is checked by jwtVerify; cached no longer than it says.
  const exp = typeof payload.exp === "number" ? payload.exp * 1000 : 0;
  if (exp > Date.now()) remember(verified, token, { claims, expiresAt: exp });
  return { ...claims };
}
