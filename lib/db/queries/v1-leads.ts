// Leads for the public API (/api/v1), run as the key's creator under RLS. Keyset on
// (created_at desc, id desc). The date range bounds the lead's call (conversation_started_at,
// the partition key), so only the month partitions in range are read. JSON columns are
// parsed with zod; the score is a number.
import { z } from "zod";
import type { Keyset } from "@/lib/api-v1/cursor";
import type { Tx } from "../scoped";
import { keysetPage, sortKey } from "./v1-keyset";

export interface LeadListFilter {
  campaignId?: string;
  status?: string;
  urgency?: string;
  minScore?: number;
  /** Inclusive, on the call's start. */
  from: Date;
  /** Exclusive, on the call's start. */
  to: Date;
  after?: Keyset;
  limit: number;
}

export interface V1Lead {
  id: string;
  campaignId: string;
  conversationId: string;
  conversationStartedAt: Date;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  fields: Record<string, unknown>;
  qualificationScore: number | null;
  urgency: string | null;
  status: string;
  evidence: unknown[];
  createdAt: Date;
  updatedAt: Date;
}

const fieldsSchema = z.record(z.string(), z.unknown()).catch({});
const evidenceSchema = z.array(z.unknown()).catch([]);

export async function listLeadsPage(
  trx: Tx,
  workspaceId: string,
  f: LeadListFilter,
): Promise<(V1Lead & { key: Keyset })[]> {
  let q = trx
    .selectFrom("leads")
    .select([
      "id",
      "campaign_id",
      "conversation_id",
      "conversation_started_at",
      "name",
      "email",
      "phone",
      "company",
      "fields",
      "qualification_score",
      "urgency_level",
      "status",
      "evidence",
      "created_at",
      "updated_at",
      sortKey("created_at").as("sort_key"),
    ])
    .where("workspace_id", "=", workspaceId)
    .where("conversation_started_at", ">=", f.from)
    .where("conversation_started_at", "<", f.to);
  if (f.campaignId) q = q.where("campaign_id", "=", f.campaignId);
  if (f.status) q = q.where("status", "=", f.status);
  if (f.urgency) q = q.where("urgency_level", "=", f.urgency);
  if (f.minScore !== undefined) q = q.where("qualification_score", ">=", String(f.minScore));
  const rows = await keysetPage(q, "created_at", f.after, f.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    conversationId: r.conversation_id,
    conversationStartedAt: r.conversation_started_at,
    name: r.name,
    email: r.email,
    phone: r.phone,
    company: r.company,
    fields: fieldsSchema.parse(r.fields),
    qualificationScore: r.qualification_score === null ? null : Number(r.qualification_score),
    urgency: r.urgency_level,
    status: r.status,
    evidence: evidenceSchema.parse(r.evidence),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    key: { sort: r.sort_key, id: r.id },
  }));
}
