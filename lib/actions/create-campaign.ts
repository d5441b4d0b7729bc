"use server";

import { createCampaign } from "@/lib/campaigns/commands";
import { runAction } from "./run-action";

export async function createCampaignAction(input: unknown) {
  return runAction(createCampaign, input, { revalidate: "/campaigns" });
}
