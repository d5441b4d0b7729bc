// What each /api/v1 route returns: the query module's typed rows, read as the key's creator
// under RLS in the key's workspace, turned into the documented JSON (snake_case, ISO times).
import type { z } from "zod";
import type { ApiKeyPrincipal } from "@/lib/api-keys/authenticate";
import { listCampaignsPage, type V1Campaign } from "@/lib/db/queries/v1-campaigns";
import {
  getConversationWithTurns,
  listConversationsPage,
  type V1Conversation,
  type V1Turn,
} from "@/lib/db/queries/v1-conversations";
import { listLeadsPage, type V1Lead } from "@/lib/db/queries/v1-leads";
import { withUser } from "@/lib/db/scoped";
import { notFound } from "@/lib/errors";
import { decodeCursor, toPage } from "./cursor";
import {
  type CampaignJson,
  type ConversationDetailJson,
  type ConversationJson,
  type campaignsQuery,
  type conversationsQuery,
  dateRange,
  type LeadJson,
  type leadsQuery,
  type TurnJson,
} from "./schemas";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

const campaignJson = (c: V1Campaign): CampaignJson => ({
  id: c.id,
  name: c.name,
  description: c.description,
  status: c.status as CampaignJson["status"],
  public_slug: c.publicSlug,
  created_at: iso(c.createdAt),
  updated_at: iso(c.updatedAt),
});

const conversationJson = (c: V1Conversation): ConversationJson => ({
  id: c.id,
  campaign_id: c.campaignId,
  status: c.status as ConversationJson["status"],
  channel: c.channel as ConversationJson["channel"],
  is_test: c.isTest,
  started_at: iso(c.startedAt),
  ended_at: isoOrNull(c.endedAt),
  duration_seconds: c.durationSeconds,
  end_reason: c.endReason,
  caller: { name: c.callerName, email: c.callerEmail, phone: c.callerPhone },
  summary: c.summary,
  turn_count: c.turnCount,
  cost_usd: c.costUsd,
});

const turnJson = (t: V1Turn): TurnJson => ({
  seq: t.seq,
  role: t.role as TurnJson["role"],
  text: t.text,
  heard_text: t.heardText,
  interrupted: t.interrupted,
  created_at: iso(t.createdAt),
  latency_ms: {
    stt: t.latencyMs.stt,
    llm_first_token: t.latencyMs.llmFirstToken,
    tts_first_byte: t.latencyMs.ttsFirstByte,
    first_audio: t.latencyMs.firstAudio,
    total: t.latencyMs.total,
  },
  cost_usd: t.costUsd,
});

const leadJson = (l: V1Lead): LeadJson => ({
  id: l.id,
  campaign_id: l.campaignId,
  conversation_id: l.conversationId,
  conversation_started_at: iso(l.conversationStartedAt),
  name: l.name,
  email: l.email,
  phone: l.phone,
  company: l.company,
  fields: l.fields,
  qualification_score: l.qualificationScore,
  urgency: l.urgency as LeadJson["urgency"],
  status: l.status as LeadJson["status"],
  evidence: l.evidence,
  created_at: iso(l.createdAt),
  updated_at: iso(l.updatedAt),
});

const after = (cursor?: string) => (cursor ? decodeCursor(cursor) : undefined);

export function listCampaigns(key: ApiKeyPrincipal, q: z.output<typeof campaignsQuery>) {
  const filter = { status: q.status, after: after(q.cursor), limit: q.limit };
  return withUser(key.claims, async (trx) =>
    toPage(await listCampaignsPage(trx, key.workspaceId, filter), q.limit, campaignJson),
  );
}

export function listConversations(key: ApiKeyPrincipal, q: z.output<typeof conversationsQuery>) {
  const filter = {
    campaignId: q.campaign,
    status: q.status,
    channel: q.channel,
    ...dateRange(q),
    after: after(q.cursor),
    limit: q.limit,
  };
  return withUser(key.claims, async (trx) =>
    toPage(await listConversationsPage(trx, key.workspaceId, filter), q.limit, conversationJson),
  );
}

export async function getConversation(
  key: ApiKeyPrincipal,
  id: string,
): Promise<ConversationDetailJson> {
  const found = await withUser(key.claims, (trx) =>
    getConversationWithTurns(trx, key.workspaceId, id),
  );
  if (!found) throw notFound("Conversation");
  return { ...conversationJson(found), turns: found.turns.map(turnJson) };
}

export function listLeads(key: ApiKeyPrincipal, q: z.output<typeof leadsQuery>) {
  const filter = {
    campaignId: q.campaign,
    status: q.status,
    urgency: q.urgency,
    minScore: q.min_score,
    ...dateRange(q),
    after: after(q.cursor),
    limit: q.limit,
  };
  return withUser(key.claims, async (trx) =>
    toPage(await listLeadsPage(trx, key.workspaceId, filter), q.limit, leadJson),
  );
}
