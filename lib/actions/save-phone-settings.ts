"use server";

import { removePhoneSettings, savePhoneSettings } from "@/lib/telephony/settings";
import { runAction } from "./run-action";

export async function savePhoneSettingsAction(input: unknown) {
  return runAction(savePhoneSettings, input, { revalidate: "/campaigns" });
}

export async function removePhoneSettingsAction(input: unknown) {
  return runAction(removePhoneSettings, input, { revalidate: "/campaigns" });
}
