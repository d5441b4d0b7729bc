import type { WorkspaceRole } from "@/lib/workspaces/roles";

const styles: Record<WorkspaceRole, string> = {
  owner: "bg-brand-50 text-brand-700",
  admin: "bg-violet-50 text-violet-700",
  member: "bg-emerald-50 text-emerald-700",
  viewer: "bg-zinc-100 text-zinc-600",
};

/** The user's role in a workspace, as a small pill. */
export function RoleBadge({ role }: { role: WorkspaceRole }) {
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-[11px] leading-none font-medium capitalize ${styles[role]}`}
      data-testid="role-badge"
    >
      {role}
    </span>
  );
}
