// GET /api/v1/leads — the API key's workspace's scored leads, newest first, filtered, by cursor
import { NextResponse } from "next/server";
import { listLeads } from "@/lib/api-v1/read";
import { leadsQuery } from "@/lib/api-v1/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "apiKey", query: leadsQuery }, async ({ apiKey, query }) =>
  NextResponse.json(await listLeads(apiKey, query), { headers: { "cache-control": "no-store" } }),
);
