// GET /api/v1/conversations — the API key's workspace's calls, newest first, filtered, by cursor
import { NextResponse } from "next/server";
import { listConversations } from "@/lib/api-v1/read";
import { conversationsQuery } from "@/lib/api-v1/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "apiKey", query: conversationsQuery }, async ({ apiKey, query }) =>
  NextResponse.json(await listConversations(apiKey, query), {
    headers: { "cache-control": "no-store" },
  }),
);
