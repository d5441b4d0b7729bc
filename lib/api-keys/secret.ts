// An API key's secret: `vx_` + 32 random bytes in base64url (43 characters). Only its SHA-256
// is stored (migration 20261202130000_api_keys explains why no pepper); the first 11
// characters (`vx_` + 8) are kept as the prefix the settings page shows.
import { createHash, randomBytes } from "node:crypto";

export const SECRET_PATTERN = /^vx_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 11;

export const newApiKeySecret = () => `vx_${randomBytes(32).toString("base64url")}`;

export const hashApiKey = (secret: string) =>
  createHash("sha256").update(secret, "utf8").digest("hex");

export const apiKeyPrefix = (secret: string) => secret.slice(0, PREFIX_LENGTH);

/** The secret in `Authorization: Bearer vx_…`, or null when the header is absent or malformed. */
export function bearerSecret(headers: Headers): string | null {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(headers.get("authorization") ?? "");
  const secret = match?.[1];
  return secret && SECRET_PATTERN.test(secret) ? secret : null;
}
