// The workspace a signed-in user is acting in. The choice rides in an httpOnly cookie
// (vx_workspace) holding a workspace id; it is only a preference: every request re-reads
// the user's memberships under RLS and falls back to their personal workspace when the
// cookie names one they do not belong to (removed, deleted, forged).
import "server-only";
import { cache } from "react";
import type { CookieJar } from "@/lib/auth";
import type { Claims } from "@/lib/auth/claims";
import type { CookieOptions } from "@/lib/auth/cookies";
import { nextCookieJar, requireUser } from "@/lib/auth/server";
import { listMyWorkspaces as queryMyWorkspaces } from "@/lib/db/queries/workspaces";
import { withUser } from "@/lib/db/scoped";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Actor } from "./actor";
import type { WorkspaceRole } from "./roles";

export const WORKSPACE_COOKIE = "vx_workspace";

export interface CurrentWorkspace {
  id: string;
  name: string;
  role: WorkspaceRole;
  personal: boolean;
}

export function workspaceCookieOptions(): CookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  };
}

/** The user's workspaces, personal first. */
export function workspacesOf(claims: Claims): Promise<CurrentWorkspace[]> {
  return withUser(claims, (trx) => queryMyWorkspaces(trx, claims.sub));
}

/** Picks the cookie's workspace if the user still belongs to it, else their personal one. */
export function pickWorkspace(
  claims: Claims,
  mine: CurrentWorkspace[],
  wanted: string | undefined,
): CurrentWorkspace {
  const picked =
    mine.find((w) => w.id === wanted) ??
    mine.find((w) => w.personal && w.id === claims.sub) ??
    mine[0];
  if (!picked) throw new AppError("forbidden", "You are not a member of any workspace", 403);
  return picked;
}

/** The workspace the request acts in, from the cookie in `jar`, checked against memberships. */
export async function resolveWorkspace(claims: Claims, jar: CookieJar): Promise<CurrentWorkspace> {
  const wanted = jar.getAll().find((c) => c.name === WORKSPACE_COOKIE)?.value;
  return pickWorkspace(claims, await workspacesOf(claims), wanted);
}

/** The actor for a command: the user and the workspace they are acting in. */
export async function resolveActor(claims: Claims, jar: CookieJar): Promise<Actor> {
  const workspace = await resolveWorkspace(claims, jar);
  return { claims, workspaceId: workspace.id };
}

/** Server components and actions: the signed-in user's workspaces (redirects to sign-in). */
export const listMyWorkspaces = cache(async (): Promise<CurrentWorkspace[]> => {
  return workspacesOf(await requireUser());
});

/** Server components and actions: the workspace the signed-in user is acting in. */
export const currentWorkspace = cache(async (): Promise<CurrentWorkspace> => {
  const claims = await requireUser();
  const jar = await nextCookieJar();
  const wanted = jar.getAll().find((c) => c.name === WORKSPACE_COOKIE)?.value;
  return pickWorkspace(claims, await listMyWorkspaces(), wanted);
});

/** Server components: the signed-in user acting in their current workspace. */
export const currentActor = cache(async (): Promise<Actor & { workspace: CurrentWorkspace }> => {
  const claims = await requireUser();
  const workspace = await currentWorkspace();
  return { claims, workspaceId: workspace.id, workspace };
});
