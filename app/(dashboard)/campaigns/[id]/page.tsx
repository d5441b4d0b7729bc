import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CallLink } from "@/components/campaigns/call-link";
import { CampaignForm } from "@/components/campaigns/campaign-form";
import { NotificationSettingsForm } from "@/components/campaigns/notification-settings-form";
import { PhoneSettingsForm } from "@/components/campaigns/phone-settings-form";
import { RecordingSettingsForm } from "@/components/campaigns/recording-settings-form";
import { StatusActions } from "@/components/campaigns/status-actions";
import { StatusBadge } from "@/components/campaigns/status-badge";
import { TryItLink } from "@/components/campaigns/try-it-link";
import { CampaignSummary } from "@/components/dashboard/campaign-summary";
import { PageHeader } from "@/components/dashboard/page-header";
import { ReadOnlyNotice } from "@/components/dashboard/read-only-notice";
import { requireUser } from "@/lib/auth/server";
import { getCampaign } from "@/lib/campaigns/commands";
import { AppError } from "@/lib/errors";
import { notificationConfig } from "@/lib/notifications/config";
import { getNotificationSettings } from "@/lib/notifications/settings";
import { getRecordingSettings } from "@/lib/recordings/settings";
import { telephonyConfig } from "@/lib/telephony/config";
import { numbersForWorkspace } from "@/lib/telephony/numbers";
import { getPhoneSettings } from "@/lib/telephony/settings";
import { currentActor } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Campaign" };

export default async function CampaignPage({ params }: PageProps<"/campaigns/[id]">) {
  const { id } = await params;
  await requireUser(`/campaigns/${id}`);
  const actor = await currentActor();
  // Viewers get the settings read-only and no status or test-call buttons; Postgres refuses
  // their writes anyway.
  const canEdit = atLeast(actor.workspace.role, "member");
  const campaign = await getCampaign(actor, { id }).catch((error) => {
    // An unknown, malformed or another workspace's id all look the same: not found.
    if (error instanceof AppError && error.status < 500) notFound();
    throw error;
  });
  const { name, description, voiceSettings, flowConfig } = campaign;
  const [phone, numbers, recording, notifications] = await Promise.all([
    getPhoneSettings(actor, { campaignId: campaign.id }),
    canEdit ? numbersForWorkspace(actor) : [],
    getRecordingSettings(actor, { campaignId: campaign.id }),
    canEdit ? getNotificationSettings(actor, { campaignId: campaign.id }) : null,
  ]);
  const assigned = numbers
    .filter((n) => n.campaignId === null || n.campaignId === campaign.id)
    .map((n) => n.e164);
  const notify = notificationConfig();
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
        actions={
          canEdit ? (
            <div className="flex flex-wrap items-center gap-2">
              {campaign.status !== "archived" ? <TryItLink slug={campaign.publicSlug} /> : null}
              <StatusActions id={campaign.id} status={campaign.status} />
            </div>
          ) : null
        }
      />
      {canEdit ? (
        // Not keyed by updatedAt: a remount after each save would drop focus and the saved status.
        <CampaignForm
          campaignId={campaign.id}
          initial={{ name, description, voiceSettings, flowConfig }}
          savedAt={campaign.updatedAt.toISOString()}
        />
      ) : (
        <>
          <ReadOnlyNotice workspace={actor.workspace.name} />
          <CampaignSummary campaign={campaign} />
        </>
      )}
      {canEdit ? (
        <PhoneSettingsForm
          campaignId={campaign.id}
          initial={phone}
          webhookOrigin={telephonyConfig().publicOrigin}
          assigned={assigned}
        />
      ) : null}
      {canEdit ? (
        <NotificationSettingsForm
          campaignId={campaign.id}
          initial={notifications}
          slackConfigured={!!notify.slackWebhookUrl}
          emailConfigured={!!notify.smtp}
        />
      ) : null}
      {canEdit ? (
        <RecordingSettingsForm
          campaignId={campaign.id}
          initial={recording}
          canSetRetention={atLeast(actor.workspace.role, "admin")}
        />
      ) : null}
    </>
  );
}
