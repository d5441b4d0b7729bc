// GET /api/v1/conversations/:id — one call of the API key's workspace, with its turns
import { NextResponse } from "next/server";
import { getConversation } from "@/lib/api-v1/read";
import { conversationParams } from "@/lib/api-v1/schemas";
import { route } from "@/lib/http/route";

export const GET = route(
  { auth: "apiKey", params: conversationParams },
  async ({ apiKey, params }) =>
    NextResponse.json(await getConversation(apiKey, params.id), {
      headers: { "cache-control": "no-store" },
    }),
);
