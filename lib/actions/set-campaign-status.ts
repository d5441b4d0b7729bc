"use server";

import { setCampaignStatus } from "@/lib/campaigns/commands";
import { runAction } from "./run-action";

export async function setCampaignStatusAction(input: unknown) {
  return runAction(setCampaignStatus, input, { revalidate: "/campaigns" });
}
