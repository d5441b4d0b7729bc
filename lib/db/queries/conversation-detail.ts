// One conversation as its workspace's members see it: the call, its campaign's name, its
// turns in order and its lead, typed (./conversations). Run under withUser: RLS returns
// nothing for another workspace's id, which callers turn into a 404.
import type { Claims } from "@/lib/auth/claims";
import { type Tx, withUser } from "../scoped";
import {
  type ConversationRow,
  conversationSchema,
  type LeadRow,
  leadSchema,
  type TurnRow,
  turnSchema,
} from "./conversations";

export interface ConversationDetail {
  conversation: ConversationRow & { campaign_name: string | null };
  turns: TurnRow[];
  lead: LeadRow | null;
}

export async function getConversationDetail(
  trx: Tx,
  id: string,
): Promise<ConversationDetail | null> {
  const row = await trx
    .selectFrom("conversations as v")
    .leftJoin("campaigns as c", "c.id", "v.campaign_id")
    .selectAll("v")
    .select("c.name as campaign_name")
    .where("v.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const conversation = {
    ...conversationSchema.parse(row),
    campaign_name: row.campaign_name ?? null,
  };
  // Both keyed by the partition key too, so only the call's month partition is read.
  const turns = await trx
    .selectFrom("turns")
    .selectAll()
    .where("conversation_id", "=", id)
    .where("conversation_started_at", "=", row.started_at)
    .orderBy("seq")
    .execute();
  const lead = await trx
    .selectFrom("leads")
    .selectAll()
    .where("conversation_id", "=", id)
    .where("conversation_started_at", "=", row.started_at)
    .executeTakeFirst();
  return {
    conversation,
    turns: turns.map((t) => turnSchema.parse(t)),
    lead: lead ? leadSchema.parse(lead) : null,
  };
}

/** The detail as `claims` may see it (RLS decides), in its own transaction; null if none. */
export function readConversationDetail(claims: Claims, id: string) {
  return withUser(claims, (trx) => getConversationDetail(trx, id));
}
