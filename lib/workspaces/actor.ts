// Who is acting, and in which workspace: what every user-facing command runs with. The
// workspace is only a choice of where to act; membership and role are checked by RLS in
// every statement, so a workspace id the user is not a member of reads and writes nothing.
import type { Claims } from "@/lib/auth/claims";

export interface Actor {
  claims: Claims;
  workspaceId: string;
}

/**
 * Bare claims act in the user's personal workspace, whose id is the user's id (migration
 * 20261201200000_workspaces): what scripts and tests that predate workspaces pass.
 */
export function toActor(who: Claims | Actor): Actor {
  return "claims" in who && "workspaceId" in who
    ? (who as Actor)
    : { claims: who as Claims, workspaceId: (who as Claims).sub };
}
