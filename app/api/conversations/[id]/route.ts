// GET /api/conversations/:id — a conversation with its turns and lead, for its owner
import { NextResponse } from "next/server";
import { z } from "zod";
import { getConversationDetail } from "@/lib/db/queries/conversations";
import { withUser } from "@/lib/db/scoped";
import { fromZod, notFound } from "@/lib/errors";
import { requireClaims, route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (req, { params }) => {
  const claims = await requireClaims(req);
  const parsed = z.uuid("Unknown conversation").safeParse((await params).id);
  if (!parsed.success) throw fromZod(parsed.error);
  const detail = await withUser(claims, (trx) => getConversationDetail(trx, parsed.data));
  if (!detail) throw notFound("Conversation");
  return NextResponse.json(detail);
});
