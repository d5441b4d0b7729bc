// API keys for a signed-in user: list (any member), create and revoke (admins and owners).
// Postgres decides (api_keys' policies); the role check here only turns a refusal into a
// clear 403 instead of an RLS error. A new key's secret is returned once and never stored.
import { command } from "@/lib/command";
import {
  type ApiKey,
  insertApiKey,
  listApiKeys as queryApiKeys,
  revokeApiKey as queryRevokeApiKey,
} from "@/lib/db/queries/api-keys";
import { hasRole } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { createApiKeySchema, revokeApiKeySchema } from "@/lib/validations/api-keys";
import type { Actor } from "@/lib/workspaces/actor";
import { apiKeyPrefix, hashApiKey, newApiKeySecret } from "./secret";

const forbidden = (what: string) =>
  new AppError("forbidden", `Only owners and admins can ${what} API keys`, 403);

export function listApiKeys({ claims, workspaceId }: Actor): Promise<ApiKey[]> {
  return withUser(claims, (trx) => queryApiKeys(trx, workspaceId));
}

/** Creates a key in the actor's workspace; `secret` is the only copy there will ever be. */
export const createApiKey = command(createApiKeySchema, ({ claims, workspaceId }, { name }) =>
  withUser(claims, async (trx) => {
    if (!(await hasRole(trx, workspaceId, "admin"))) throw forbidden("create");
    const secret = newApiKeySecret();
    const key = await insertApiKey(trx, {
      workspaceId,
      createdBy: claims.sub,
      name,
      prefix: apiKeyPrefix(secret),
      hash: hashApiKey(secret),
    });
    return { key, secret };
  }),
);

/** Revokes a key of the actor's workspace: requests with it get 401 from then on. */
export const revokeApiKey = command(revokeApiKeySchema, ({ claims, workspaceId }, { keyId }) =>
  withUser(claims, async (trx) => {
    if (!(await hasRole(trx, workspaceId, "admin"))) throw forbidden("revoke");
    const key = await queryRevokeApiKey(trx, workspaceId, keyId);
    if (!key) throw new AppError("not_found", "No active key with this id", 404);
    return { key };
  }),
);
