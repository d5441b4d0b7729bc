"use server";

import { updateCampaign } from "@/lib/campaigns/commands";
import { runAction } from "./run-action";

export async function updateCampaignAction(input: unknown) {
  return runAction(updateCampaign, input, { revalidate: "/campaigns" });
}
