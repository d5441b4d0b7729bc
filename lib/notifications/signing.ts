// Webhook signatures, Stripe-style: `X-Voxline-Signature: t=<unix seconds>,v1=<hex>` where
// the hex is HMAC-SHA256(secret, "<t>.<raw body>"). The timestamp inside the signed string
// lets a receiver refuse replays older than a few minutes; the README has the receiver's side.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Voxline-Signature";
export const EVENT_ID_HEADER = "X-Voxline-Event-Id";
/** How old a signature a receiver should accept, by default. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A new per-campaign signing secret: `whsec_` + 32 random bytes, base64url. */
export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** True when `header` signs `body` with `secret` within the tolerance of `now` (unix seconds). */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  { now = Math.floor(Date.now() / 1000), tolerance = SIGNATURE_TOLERANCE_SECONDS } = {},
): boolean {
  const parts = new Map(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || Math.abs(now - t) > tolerance || !/^[0-9a-f]{64}$/.test(given))
    return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(hmac(secret, t, body), "hex"));
}
