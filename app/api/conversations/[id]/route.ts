// GET /api/conversations/:id — a conversation with its turns and lead, for its workspace's members
import { NextResponse } from "next/server";
import { z } from "zod";
import { readConversationDetail } from "@/lib/db/queries/conversation-detail";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

const params = z.strictObject({ id: z.uuid("Unknown conversation") });

export const GET = route({ auth: "user", params }, async ({ user, params }) => {
  const detail = await readConversationDetail(user, params.id);
  if (!detail) throw notFound("Conversation");
  return NextResponse.json(detail);
});
