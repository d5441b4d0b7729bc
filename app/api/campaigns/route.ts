// GET /api/campaigns — the current workspace's campaigns; POST — create one in it
import { NextResponse } from "next/server";
import { createCampaign, listCampaigns } from "@/lib/campaigns/commands";
import { route } from "@/lib/http/route";
import { campaignInputSchema } from "@/lib/validations/campaign";
import { resolveActor } from "@/lib/workspaces/current";

export const GET = route({ auth: "user" }, async ({ user, cookies }) =>
  NextResponse.json({ campaigns: await listCampaigns(await resolveActor(user, cookies.jar), {}) }),
);

export const POST = route(
  { auth: "user", body: campaignInputSchema },
  async ({ user, cookies, body }) =>
    NextResponse.json(
      { campaign: await createCampaign(await resolveActor(user, cookies.jar), body) },
      { status: 201 },
    ),
);
