import type { Metadata } from "next";
import Link from "next/link";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { PageHeader } from "@/components/dashboard/page-header";
import { defaultCampaignInput } from "@/lib/validations/campaign";

export const metadata: Metadata = { title: "New campaign" };

export default function NewCampaignPage() {
  return (
    <>
      <Link href="/campaigns" className="text-sm text-zinc-500 hover:text-zinc-800">
        ← Campaigns
      </Link>
      <PageHeader
        title="New campaign"
        description="Set up the agent. You can change everything later."
      />
      <CampaignForm initial={defaultCampaignInput()} />
    </>
  );
}
