import type { Metadata } from "next";
import { type ApiKeyItem, ApiKeyList } from "@/components/settings/api-key-list";
import { ApiKeysEmpty } from "@/components/settings/api-keys-empty";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { listApiKeys } from "@/lib/api-keys/keys";
import type { ApiKey } from "@/lib/db/queries/api-keys";
import { currentActor } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "API keys · Settings" };

const when = new Intl.DateTimeFormat("en", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const at = (d: Date) => `${when.format(d)} UTC`;

const toItem = (k: ApiKey): ApiKeyItem => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  creator: k.createdByEmail ?? "a former member",
  created: at(k.createdAt),
  lastUsed: k.lastUsedAt ? at(k.lastUsedAt) : "Never",
  revoked: k.revokedAt ? at(k.revokedAt) : null,
});

export default async function ApiKeysPage() {
  const actor = await currentActor();
  const keys = await listApiKeys(actor);
  const canManage = atLeast(actor.workspace.role, "admin");
  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-600">
        Keys for the read-only REST API of{" "}
        <span className="font-medium text-zinc-900">{actor.workspace.name}</span>: send{" "}
        <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs">Authorization: Bearer vx_…</code>{" "}
        to <code className="rounded bg-zinc-100 px-1 py-0.5 text-xs">/api/v1/…</code>. The{" "}
        <a
          href="/api/v1/openapi.json"
          className="font-medium text-brand-700 underline-offset-2 hover:underline"
        >
          OpenAPI document
        </a>{" "}
        describes every endpoint.
      </p>
      {canManage ? <CreateApiKeyForm /> : null}
      {keys.length ? (
        <ApiKeyList keys={keys.map(toItem)} canManage={canManage} />
      ) : (
        <ApiKeysEmpty canManage={canManage} />
      )}
    </div>
  );
}
