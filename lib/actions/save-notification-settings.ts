"use server";

import { rotateSigningSecret, saveNotificationSettings } from "@/lib/notifications/settings";
import { runAction } from "./run-action";

export async function saveNotificationSettingsAction(input: unknown) {
  return runAction(saveNotificationSettings, input, { revalidate: "/campaigns" });
}

export async function rotateSigningSecretAction(input: unknown) {
  return runAction(rotateSigningSecret, input, { revalidate: "/campaigns" });
}
