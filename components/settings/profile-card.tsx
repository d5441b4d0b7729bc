import { RoleBadge } from "@/components/dashboard/role-badge";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { Card } from "@/components/ui/card";
import type { WorkspaceRole } from "@/lib/workspaces/roles";

const ROLE_SUMMARY: Record<WorkspaceRole, string> = {
  owner: "You can do everything here, including managing owners and deleting the workspace.",
  admin: "You manage members, API keys and webhooks, and can delete campaigns and calls.",
  member: "You create and edit campaigns and work the leads.",
  viewer: "You can read campaigns, conversations and leads, but not change them.",
};

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 px-5 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-sm text-zinc-500">{label}</dt>
      <dd className="min-w-0 text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

export function AccountCard({ email }: { email: string }) {
  return (
    <Card>
      <div className="flex items-center justify-between gap-4 border-b border-zinc-100 px-5 py-3">
        <h2 className="text-base font-semibold text-zinc-900">Your account</h2>
        <SignOutButton />
      </div>
      <dl className="divide-y divide-zinc-100">
        <Row label="Email">
          <span className="break-all" data-testid="profile-email">
            {email}
          </span>
        </Row>
      </dl>
    </Card>
  );
}

export function WorkspaceCard({
  name,
  role,
  personal,
  children,
}: {
  name: string;
  role: WorkspaceRole;
  personal: boolean;
  children?: React.ReactNode;
}) {
  return (
    <Card>
      <h2 className="border-b border-zinc-100 px-5 py-3 text-base font-semibold text-zinc-900">
        Current workspace
      </h2>
      <dl className="divide-y divide-zinc-100">
        <Row label="Name">
          <span className="font-medium" data-testid="profile-workspace">
            {name}
          </span>
          {personal ? <span className="ml-2 text-xs text-zinc-500">(personal)</span> : null}
        </Row>
        <Row label="Your role">
          <RoleBadge role={role} />
          <p className="mt-1.5 text-zinc-500">{ROLE_SUMMARY[role]}</p>
        </Row>
      </dl>
      {children}
    </Card>
  );
}
