import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallLink } from "@/components/campaigns/call-link";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { StatusActions } from "@/components/campaigns/status-actions";
import { StatusBadge } from "@/components/campaigns/status-badge";
import { PageHeader } from "@/components/dashboard/page-header";
import { requireUser } from "@/lib/auth/server";
import { getCampaign } from "@/lib/campaigns/commands";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Campaign" };

export default async function CampaignPage({ params }: PageProps<"/campaigns/[id]">) {
  const { id } = await params;
  const claims = await requireUser(`/campaigns/${id}`);
  const campaign = await getCampaign(claims, { id }).catch((error) => {
    // An unknown, malformed or someone else's id all look the same: not found.
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });
  const { name, description, voiceSettings, flowConfig } = campaign;
  return (
    <>
      <Link href="/campaigns" className="text-sm text-zinc-500 hover:text-zinc-800">
        ← Campaigns
      </Link>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {campaign.name} <StatusBadge status={campaign.status} />
          </span>
        }
        description={<CallLink slug={campaign.publicSlug} live={campaign.status === "active"} />}
        actions={<StatusActions id={campaign.id} status={campaign.status} />}
      />
      <CampaignForm
        key={campaign.updatedAt.toISOString()}
        campaignId={campaign.id}
        initial={{ name, description, voiceSettings, flowConfig }}
      />
    </>
  );
}
