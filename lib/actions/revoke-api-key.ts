"use server";
// Settings → API keys: revoke one of the current workspace's keys (admins and owners).
import { revokeApiKey } from "@/lib/api-keys/keys";
import { runAction } from "./run-action";

export async function revokeApiKeyAction(input: unknown) {
  return runAction(revokeApiKey, input, { revalidate: "/settings/api-keys" });
}
