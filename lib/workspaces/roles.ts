// Workspace roles, lowest to highest. Postgres decides what each may do (the RLS policies
// call public.workspace_ids(min_role) with the same order); the app only uses the order to
// decide which controls to show.
export const WORKSPACE_ROLES = ["viewer", "member", "admin", "owner"] as const;

export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const ROLE_RANK: Record<WorkspaceRole, number> = {
  viewer: 0,
  member: 1,
  admin: 2,
  owner: 3,
};

/** True when `role` is `min` or higher. */
export function atLeast(role: WorkspaceRole, min: WorkspaceRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[min];
}

export function isWorkspaceRole(value: unknown): value is WorkspaceRole {
  return typeof value === "string" && (WORKSPACE_ROLES as readonly string[]).includes(value);
}
