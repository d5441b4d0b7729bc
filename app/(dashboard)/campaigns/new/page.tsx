import type { Metadata } from "next";
import Link from "next/link";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { PageHeader } from "@/components/dashboard/page-header";
import { ReadOnlyNotice } from "@/components/dashboard/read-only-notice";
import { defaultCampaignInput } from "@/lib/validations/campaign";
import { currentWorkspace } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const workspace = await currentWorkspace();
  const canCreate = atLeast(workspace.role, "member");
  return (
    <>
      <Link href="/campaigns" className="text-sm text-zinc-500 hover:text-zinc-800">
        ← Campaigns
      </Link>
      <PageHeader
        title="New campaign"
        description="Set up the agent. You can change everything later."
      />
      {canCreate ? (
        <CampaignForm initial={defaultCampaignInput()} />
      ) : (
        <ReadOnlyNotice workspace={workspace.name} />
      )}
    </>
  );
}
