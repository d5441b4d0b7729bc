import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { InviteForm } from "@/components/members/invite-form";
import { MembersList } from "@/components/members/members-list";
import { PendingInvitations } from "@/components/members/pending-invitations";
import { requireUser } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { currentWorkspace } from "@/lib/workspaces/current";
import { listInvitations } from "@/lib/workspaces/invitations";
import { listMembers } from "@/lib/workspaces/members";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const user = await requireUser("/members");
  const workspace = await currentWorkspace();
  const manages = workspace.role === "owner" || workspace.role === "admin";
  const [members, invitations] = await Promise.all([
    listMembers(user, { id: workspace.id }),
    manages ? listInvitations(user, { id: workspace.id }) : Promise.resolve([]),
  ]);
  // Someone else's personal workspace already carries their name (listMyWorkspaces).
  const name = workspace.name;
  return (
    <>
      <PageHeader
        title="Members"
        description={
          <>
            Who can work in <span className="font-medium text-zinc-700">{name}</span>, and what they
            can do. You are {article(workspace.role)}{" "}
            <span className="font-medium text-zinc-700">{workspace.role}</span>.
          </>
        }
      />
      <div className="space-y-6">
        {manages ? <InviteForm mailed={env().enabled.supabase} /> : null}
        <MembersList
          members={members}
          me={{ id: user.sub, role: workspace.role }}
          personal={workspace.personal && workspace.id === user.sub}
        />
        {manages && invitations.length ? <PendingInvitations invitations={invitations} /> : null}
      </div>
    </>
  );
}

const article = (role: string) => (role === "owner" || role === "admin" ? "an" : "a");
