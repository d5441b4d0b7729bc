import type { WorkspaceRole } from "@/lib/workspaces/roles";

/** One line per role, as the Members page explains them. */
export const ROLE_HINTS: Record<WorkspaceRole, string> = {
  owner: "everything, including deleting the workspace.",
  admin: "members (except owners), campaigns and settings.",
  member: "creates and edits campaigns, works leads.",
  viewer: "reads only.",
};

export const ROLE_LABELS: Record<WorkspaceRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};
