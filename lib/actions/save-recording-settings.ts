"use server";

import { saveRecordingSettings } from "@/lib/recordings/settings";
import { runAction } from "./run-action";

export async function saveRecordingSettingsAction(input: unknown) {
  return runAction(saveRecordingSettings, input, { revalidate: "/campaigns" });
}
