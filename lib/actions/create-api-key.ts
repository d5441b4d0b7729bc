"use server";
// Settings → API keys: create one in the current workspace (admins and owners; Postgres
// decides). The result carries the secret, shown once by the form and never again.
import { createApiKey } from "@/lib/api-keys/keys";
import { runAction } from "./run-action";

export async function createApiKeyAction(input: unknown) {
  return runAction(createApiKey, input, { revalidate: "/settings/api-keys" });
}
