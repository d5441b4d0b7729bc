"use server";
// Settings → Profile: rename the current shared workspace (admins and owners).
import { renameWorkspace } from "@/lib/workspaces/commands";
import { runAction } from "./run-action";

export async function renameWorkspaceAction(input: unknown) {
  return runAction(renameWorkspace, input, { revalidate: "/" });
}
