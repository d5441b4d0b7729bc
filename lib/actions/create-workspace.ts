"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { createWorkspace } from "@/lib/workspaces/commands";
import { WORKSPACE_COOKIE, workspaceCookieOptions } from "@/lib/workspaces/current";
import { runAction } from "./run-action";

/** The header's "New workspace" form: creates it, switches to it, back to the campaigns. */
export async function createWorkspaceAction(form: FormData) {
  const result = await runAction(createWorkspace, { name: form.get("name") });
  if (!result.ok) return;
  (await cookies()).set(WORKSPACE_COOKIE, result.data.id, workspaceCookieOptions());
  redirect("/campaigns");
}
