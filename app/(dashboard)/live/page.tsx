import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { LiveMonitor } from "@/components/live/live-monitor";
import { liveSnapshot } from "@/lib/live/monitor";
import { livekitConfig } from "@/lib/livekit/config";
import { currentActor } from "@/lib/workspaces/current";
import { listMembers } from "@/lib/workspaces/members";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Live" };

export default async function LivePage() {
  const actor = await currentActor();
  const [snapshot, members] = await Promise.all([
    liveSnapshot(actor.claims, actor.workspaceId),
    listMembers(actor.claims, { id: actor.workspaceId }),
  ]);
  const names = Object.fromEntries(members.map((m) => [m.userId, m.email]));
  return (
    <>
      <PageHeader
        title="Live"
        description="Calls in progress in this workspace, with their transcripts as they happen."
      />
      <LiveMonitor
        initial={snapshot}
        me={actor.claims.sub}
        names={names}
        canTakeOver={atLeast(actor.workspace.role, "member")}
        roomAudio={livekitConfig() !== null}
      />
    </>
  );
}
