"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";

/** A key as the list shows it: dates already formatted on the server. */
export interface ApiKeyItem {
  id: string;
  name: string;
  prefix: string;
  creator: string;
  created: string;
  lastUsed: string;
  revoked: string | null;
}

export function ApiKeyList({ keys, canManage }: { keys: ApiKeyItem[]; canManage: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function revoke(id: string) {
    setBusy(id);
    setError(null);
    const result = await revokeApiKeyAction({ keyId: id }).catch(() => null);
    setBusy(null);
    setConfirming(null);
    if (!result?.ok) {
      setError(result?.error.message ?? "Could not revoke the key. Try again.");
      return;
    }
    router.refresh();
  }

  return (
    <Card>
      <h2 className="border-b border-zinc-100 px-5 py-3 text-base font-semibold text-zinc-900">
        Keys
      </h2>
      {error ? (
        <p role="alert" className="mx-5 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-zinc-100" data-testid="api-key-list">
        {keys.map((k) => (
          <li
            key={k.id}
            className="grid gap-x-6 gap-y-2 px-5 py-3 sm:grid-cols-[minmax(0,1fr)_22rem_6.5rem] sm:items-start"
            data-testid="api-key-row"
            data-key-name={k.name}
          >
            <div className="min-w-0">
              <p className="flex items-center gap-2">
                <span className="truncate font-medium text-zinc-900">{k.name}</span>
                <span data-testid="api-key-status">
                  {k.revoked ? (
                    <Badge tone="amber">Revoked</Badge>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </span>
              </p>
              <p className="mt-0.5 font-mono text-xs text-zinc-500">{k.prefix}…</p>
            </div>
            <dl className="grid grid-cols-[5rem_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs text-zinc-600">
              <dt className="text-zinc-400">Created</dt>
              <dd>{k.created}</dd>
              <dt className="text-zinc-400">By</dt>
              <dd className="truncate" title={k.creator}>
                {k.creator}
              </dd>
              <dt className="text-zinc-400">Last used</dt>
              <dd data-testid="api-key-last-used">{k.lastUsed}</dd>
              {k.revoked ? (
                <>
                  <dt className="text-zinc-400">Revoked</dt>
                  <dd>{k.revoked}</dd>
                </>
              ) : null}
            </dl>
            <div className="sm:text-right">
              {canManage && !k.revoked && confirming !== k.id ? (
                <Button
                  variant="ghost"
                  className="-ml-4 text-red-700 hover:bg-red-50 hover:text-red-800 sm:ml-0"
                  disabled={busy !== null}
                  onClick={() => setConfirming(k.id)}
                >
                  Revoke
                </Button>
              ) : null}
            </div>
            {confirming === k.id ? (
              <div
                role="alertdialog"
                aria-label={`Revoke ${k.name}`}
                className="flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm sm:col-span-3"
              >
                <p className="flex-1 basis-56 text-red-800">
                  Revoke “{k.name}”? Apps using it get 401 from the next request. This cannot be
                  undone.
                </p>
                <div className="flex gap-2">
                  <Button variant="secondary" onClick={() => setConfirming(null)}>
                    Cancel
                  </Button>
                  <Button variant="danger" disabled={busy !== null} onClick={() => revoke(k.id)}>
                    {busy === k.id ? "Revoking…" : "Revoke key"}
                  </Button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
