// /call/<slug> — the caller's page: consent notice, then a voice call with the agent.
// Status policy: unknown, draft (unless a member of its workspace previews) and archived links → 404 (one
// page for all three, so a link's existence is not disclosed); paused → 200 with a "not
// taking calls" page (App Router pages can only answer 200, 404 or a redirect).
// Speech: with Deepgram as the STT, the page streams it to Deepgram's live API and uploads the
// WAV only for a turn the stream missed; `?stt=upload` always uploads (harmless: the upload is
// the path every turn can take anyway; benchmarks compare the two with it).
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CallRoom } from "@/components/call/call-room";
import { CallShell } from "@/components/call/call-shell";
import { Unavailable } from "@/components/call/unavailable";
import { getClaims } from "@/lib/auth/server";
import { getCallPageCampaign } from "@/lib/db/queries/call-page";
import { hasRole } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { getProviders } from "@/lib/voice/providers";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Call", robots: { index: false, follow: false } };

export default async function CallPage({ params, searchParams }: PageProps<"/call/[slug]">) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const campaign = await getCallPageCampaign(slug);
  if (!campaign) notFound();
  const wantsPreview = query.preview === "1";
  const viewer = wantsPreview ? await getClaims() : null;
  // A preview writes a test conversation: members and up (RLS decides, in Postgres).
  const preview =
    viewer !== null &&
    campaign.status !== "archived" &&
    (await withUser(viewer, (trx) => hasRole(trx, campaign.workspaceId, "member")));
  if (!preview && campaign.status !== "active") {
    if (campaign.status !== "paused") notFound();
    return (
      <CallShell>
        <Unavailable
          title={`${campaign.name} isn't taking calls right now`}
          body="The line is paused for the moment. Please try again later."
        />
      </CallShell>
    );
  }
  return (
    <CallShell>
      <CallRoom
        slug={slug}
        name={campaign.name}
        consentNotice={campaign.consentNotice}
        toldRecorded={campaign.recorded}
        settings={campaign.settings}
        language={campaign.language}
        stt={getProviders().stt ? (query.stt === "upload" ? "upload" : "stream") : "none"}
        preview={preview}
      />
    </CallShell>
  );
}
