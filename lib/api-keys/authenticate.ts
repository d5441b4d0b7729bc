// The public API's authentication: `Authorization: Bearer vx_…`. The key's hash is looked up
// by public.resolve_api_key (as voxline_api_key, which can do nothing else); the request then
// runs as the key's creator (withUser), in the key's workspace. A missing, malformed,
// unknown or revoked key, or one whose creator has left the workspace, is the same 401.
//
// The rate limit is per key, counted before the lookup and keyed by the key's hash (one hash
// per key, and the secret never reaches the limiter's store): a client over its limit costs
// no database round trip. Never by address: X-Forwarded-For plays no part.
import type { Claims } from "@/lib/auth/claims";
import { resolveApiKey } from "@/lib/db/queries/api-keys";
import { withApiKeyCheck } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/ratelimit";
import type { Actor } from "@/lib/workspaces/actor";
import { bearerSecret, hashApiKey } from "./secret";

export interface ApiKeyPrincipal extends Actor {
  keyId: string;
}

export const invalidApiKey = () =>
  new AppError(
    "unauthorized",
    "Send a valid API key: Authorization: Bearer vx_… (create one in Settings → API keys)",
    401,
  );

// Claims that live as long as the request: the key, not a session, is the credential.
const CLAIMS_SECONDS = 300;

export async function authenticateApiKey(headers: Headers): Promise<ApiKeyPrincipal> {
  const secret = bearerSecret(headers);
  if (!secret) throw invalidApiKey();
  const hash = hashApiKey(secret);
  await enforceRateLimit("apiKey", hash);
  const key = await withApiKeyCheck((trx) => resolveApiKey(trx, hash));
  if (!key) throw invalidApiKey();
  const claims: Claims = {
    sub: key.userId,
    role: "authenticated",
    exp: Math.floor(Date.now() / 1000) + CLAIMS_SECONDS,
  };
  return { claims, workspaceId: key.workspaceId, keyId: key.keyId };
}
