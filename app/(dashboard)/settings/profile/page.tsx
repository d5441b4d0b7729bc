import type { Metadata } from "next";
import { AccountCard, WorkspaceCard } from "@/components/settings/profile-card";
import { RenameWorkspaceForm } from "@/components/settings/rename-workspace-form";
import { currentActor } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Profile · Settings" };

export default async function ProfilePage() {
  const { claims, workspace } = await currentActor();
  // A personal workspace is named after its owner; only shared ones are renamed.
  const canRename = !workspace.personal && atLeast(workspace.role, "admin");
  return (
    <div className="space-y-6">
      <AccountCard email={claims.email ?? "—"} />
      <WorkspaceCard name={workspace.name} role={workspace.role} personal={workspace.personal}>
        {canRename ? <RenameWorkspaceForm name={workspace.name} /> : null}
      </WorkspaceCard>
    </div>
  );
}
