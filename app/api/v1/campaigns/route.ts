// GET /api/v1/campaigns — the API key's workspace's campaigns, newest first, by cursor
import { NextResponse } from "next/server";
import { listCampaigns } from "@/lib/api-v1/read";
import { campaignsQuery } from "@/lib/api-v1/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "apiKey", query: campaignsQuery }, async ({ apiKey, query }) =>
  NextResponse.json(await listCampaigns(apiKey, query), {
    headers: { "cache-control": "no-store" },
  }),
);
