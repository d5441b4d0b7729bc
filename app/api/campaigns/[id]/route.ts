// GET /api/campaigns/:id — one campaign; PATCH — replace its settings; DELETE — remove it
import { NextResponse } from "next/server";
import { deleteCampaign, getCampaign, updateCampaign } from "@/lib/campaigns/commands";
import { readJson, requireClaims, route } from "@/lib/http/route";
import { campaignInputSchema } from "@/lib/validations/campaign";

export const GET = route<{ id: string }>(async (req, { params }) => {
  const campaign = await getCampaign(await requireClaims(req), await params);
  return NextResponse.json({ campaign });
});

export const PATCH = route<{ id: string }>(async (req, { params }) => {
  const claims = await requireClaims(req);
  const input = await readJson(req, campaignInputSchema);
  const campaign = await updateCampaign(claims, { ...input, ...(await params) });
  return NextResponse.json({ campaign });
});

export const DELETE = route<{ id: string }>(async (req, { params }) => {
  const claims = await requireClaims(req);
  const { id } = await deleteCampaign(claims, await params);
  return NextResponse.json({ deleted: { id } });
});
