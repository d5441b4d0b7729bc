"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { setCampaignStatusAction } from "@/lib/actions/set-campaign-status";
import { type CampaignStatus, STATUS_TRANSITIONS } from "@/lib/validations/campaign";

const verbs: Record<CampaignStatus, string> = {
  active: "Activate",
  paused: "Pause",
  archived: "Archive",
  draft: "Move to draft",
};

export function StatusActions({ id, status }: { id: string; status: CampaignStatus }) {
  const router = useRouter();
  const [pending, setPending] = useState<CampaignStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function change(next: CampaignStatus) {
    setPending(next);
    setError(null);
    const result = await setCampaignStatusAction({ id, status: next }).catch(() => null);
    setPending(null);
    if (!result?.ok) {
      setError(result?.error.message ?? "Could not change the status. Try again.");
      return;
    }
    router.refresh();
  }

  // Restoring an archived campaign reads better as "Restore".
  const label = (next: CampaignStatus) => (status === "archived" ? "Restore" : verbs[next]);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {STATUS_TRANSITIONS[status].map((next) => (
        <Button
          key={next}
          variant={next === "active" ? "primary" : next === "archived" ? "danger" : "secondary"}
          disabled={pending !== null}
          onClick={() => change(next)}
        >
          {pending === next ? "Saving…" : label(next)}
        </Button>
      ))}
      {error ? (
        <p role="alert" className="w-full text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
