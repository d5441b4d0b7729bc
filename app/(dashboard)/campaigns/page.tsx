import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/campaigns/status-badge";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/server";
import { listCampaigns } from "@/lib/campaigns/commands";

export const metadata: Metadata = { title: "Campaigns" };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export default async function CampaignsPage() {
  const campaigns = await listCampaigns(await requireUser("/campaigns"), {});
  const newButton = (
    <Link href="/campaigns/new" className={buttonClasses("primary")}>
      New campaign
    </Link>
  );
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
            Create a campaign to configure your voice agent, then share its link with callers.
          </p>
          <div className="mt-6">{newButton}</div>
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
