// POST /api/campaigns/:id/status — activate, pause, archive or restore a campaign
import { NextResponse } from "next/server";
import { z } from "zod";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { route } from "@/lib/http/route";
import { CAMPAIGN_STATUSES, campaignIdSchema } from "@/lib/validations/campaign";
import { resolveActor } from "@/lib/workspaces/current";

const bodySchema = z.strictObject({ status: z.enum(CAMPAIGN_STATUSES, "Unknown status") });

export const POST = route(
  { auth: "user", params: campaignIdSchema, body: bodySchema },
  async ({ user, cookies, params, body }) => {
    const actor = await resolveActor(user, cookies.jar);
    return NextResponse.json({ campaign: await setCampaignStatus(actor, { ...params, ...body }) });
  },
);
