"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { revokeInvitationAction } from "@/app/(dashboard)/members/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { Invitation } from "@/lib/workspaces/invitations";
import { ROLE_LABELS } from "./roles";

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export function PendingInvitations({ invitations }: { invitations: Invitation[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function revoke(id: string) {
    setBusy(id);
    setError(null);
    const result = await revokeInvitationAction({ invitationId: id }).catch(() => null);
    setBusy(null);
    if (!result?.ok) {
      setError(result?.error.message ?? "Could not revoke the invitation. Try again.");
      return;
    }
    router.refresh();
  }

  return (
    <Card>
      <h2 className="border-b border-zinc-100 px-5 py-3 text-base font-semibold text-zinc-900">
        Pending invitations
      </h2>
      {error ? (
        <p role="alert" className="mx-5 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ul className="divide-y divide-zinc-100" data-testid="invitation-list">
        {invitations.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-zinc-900">{i.email}</p>
              <p className="text-xs text-zinc-500">
                {i.expired ? "Expired" : `Expires ${dateFormat.format(new Date(i.expiresAt))}`}
              </p>
            </div>
            <Badge tone={i.expired ? "amber" : "gray"}>{ROLE_LABELS[i.role]}</Badge>
            <Button variant="ghost" disabled={busy !== null} onClick={() => revoke(i.id)}>
              {busy === i.id ? "Revoking…" : "Revoke"}
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}
