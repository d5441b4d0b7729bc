// GET /api/campaigns — the signed-in owner's campaigns; POST — create one
import { NextResponse } from "next/server";
import { createCampaign, listCampaigns } from "@/lib/campaigns/commands";
import { readJson, requireClaims, route } from "@/lib/http/route";
import { campaignInputSchema } from "@/lib/validations/campaign";

export const GET = route(async (req) => {
  const campaigns = await listCampaigns(await requireClaims(req), {});
  return NextResponse.json({ campaigns });
});

export const POST = route(async (req) => {
  const claims = await requireClaims(req);
  const campaign = await createCampaign(claims, await readJson(req, campaignInputSchema));
  return NextResponse.json({ campaign }, { status: 201 });
});
