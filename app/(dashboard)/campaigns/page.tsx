import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/campaigns/status-badge";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaigns } from "@/lib/campaigns/commands";
import { currentActor } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Campaigns" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function CampaignsPage() {
  const actor = await currentActor();
  const campaigns = await listCampaigns(actor, {});
  // Viewers read only: no create button (Postgres would refuse the insert anyway).
  const canCreate = atLeast(actor.workspace.role, "member");
  const newButton = canCreate ? (
    <Link href="/campaigns/new" className={buttonClasses("primary")}>
      New campaign
    </Link>
  ) : null;
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Each campaign is a voice agent with its own call link."
        actions={newButton}
      />
      {campaigns.length === 0 ? (
        <Card className="px-6 py-14 text-center">
          <h2 className="text-base font-semibold text-zinc-900">No campaigns yet</h2>
          <p className="mx-auto mt-2 max-w-sm text-sm text-zinc-500">
            {canCreate
              ? "Create a campaign to configure your voice agent, then share its link with callers."
              : "Campaigns your team creates in this workspace will show up here."}
          </p>
          {newButton ? <div className="mt-6">{newButton}</div> : null}
        </Card>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100" data-testid="campaign-list">
            {campaigns.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/campaigns/${c.id}`}
                  className="flex items-center gap-4 px-5 py-4 hover:bg-zinc-50"
                >
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium text-zinc-900">{c.name}</p>
                    <p className="truncate text-sm text-zinc-500">
                      /call/{c.publicSlug} · {c.flowConfig.questions.length} questions · updated{" "}
                      {dateFormat.format(c.updatedAt)}
                    </p>
                  </div>
                  <StatusBadge status={c.status} />
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
