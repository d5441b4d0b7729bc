// POST /api/campaigns/:id/status — activate, pause, archive or restore a campaign
import { NextResponse } from "next/server";
import { z } from "zod";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { readJson, requireClaims, route } from "@/lib/http/route";
import { CAMPAIGN_STATUSES } from "@/lib/validations/campaign";

const bodySchema = z.strictObject({ status: z.enum(CAMPAIGN_STATUSES, "Unknown status") });

export const POST = route<{ id: string }>(async (req, { params }) => {
  const claims = await requireClaims(req);
  const { status } = await readJson(req, bodySchema);
  const campaign = await setCampaignStatus(claims, { ...(await params), status });
  return NextResponse.json({ campaign });
});
