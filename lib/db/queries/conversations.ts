// Conversation reads for the owner's dashboard and API (run under withUser: RLS applies).
import type { Tx } from "../scoped";

export async function getConversationDetail(trx: Tx, id: string) {
  const conversation = await trx
    .selectFrom("conversations")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!conversation) return null;
  const turns = await trx
    .selectFrom("turns")
    .selectAll()
    .where("conversation_id", "=", id)
    .where("conversation_started_at", "=", conversation.started_at)
    .orderBy("seq")
    .execute();
  const lead = await trx
    .selectFrom("leads")
    .selectAll()
    .where("conversation_id", "=", id)
    .where("conversation_started_at", "=", conversation.started_at)
    .executeTakeFirst();
  return { conversation, turns, lead: lead ?? null };
}
