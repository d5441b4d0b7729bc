// The post-call analysis job: summary, lead fields, score and evidence for one conversation,
// written in the same transaction that marks the job done, and only while this runner still
// holds the job's lease, so the analysis is stored exactly once however many runners race.
import { sql } from "kysely";
import { type CallKey, type LoadedCall, loadCall } from "@/lib/db/queries/calls";
import { finishJob, holdsLease, type JobRow } from "@/lib/db/queries/jobs";
import { enqueueEvent } from "@/lib/db/queries/notifications";
import { type Tx, withServiceRole } from "@/lib/db/scoped";
import { notificationConfig } from "@/lib/notifications/config";
import { deliverNextEvent } from "@/lib/notifications/deliver";
import { conversationUrl, eventIdFor, type LeadQualifiedEvent } from "@/lib/notifications/events";
import { logger } from "@/lib/observability/logger";
import { track } from "@/lib/observability/track";
import { qualifyThreshold } from "@/lib/validations/campaign";
import { type Analysis, analyzeScripted, analyzeWithModel } from "@/lib/voice/analysis";
import { withDeadline } from "@/lib/voice/deadline";
import type { Providers } from "@/lib/voice/providers";

export const ANALYSIS_TIMEOUT_MS = 15_000;
/** Attempts that try the model before settling for the scripted analysis. */
export const MODEL_ATTEMPTS = 3;

const WHY = "post-call analysis writes the summary and lead";

export class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

async function analyze(
  job: JobRow,
  call: LoadedCall,
  providers: Pick<Providers, "analyst">,
): Promise<Analysis> {
  const scripted = analyzeScripted(call.flow, call.turns);
  const analyst = providers.analyst;
  if (!analyst) return scripted;
  try {
    return await withDeadline("analysis", ANALYSIS_TIMEOUT_MS, undefined, (signal) =>
      analyzeWithModel(analyst, call.flow, call.turns, signal),
    );
  } catch (error) {
    // A model outage is worth waiting out a little (the job retries with backoff); after
    // that the scripted analysis is better than no lead at all.
    if (job.attempts < MODEL_ATTEMPTS) throw error;
    logger.warn({ err: error, conversationId: call.id }, "model analysis failed; scripted used");
    return scripted;
  }
}

/**
 * Stores the summary and the lead; when the lead reaches the campaign's threshold, enqueues
 * its lead.qualified notification in the same transaction (once per conversation: the event
 * id is the conversation's, so a re-run finds it already there).
 */
async function writeAnalysis(trx: Tx, call: LoadedCall, key: CallKey, a: Analysis) {
  const threshold = qualifyThreshold(call.flow);
  await trx
    .updateTable("conversations")
    .set({ summary: a.summary })
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .execute();
  const lead = await trx
    .insertInto("leads")
    .values({
      workspace_id: call.workspace_id,
      campaign_id: call.campaign_id,
      conversation_id: key.id,
      conversation_started_at: key.startedAt,
      ...a.lead,
      qualification_score: a.score,
      urgency_level: a.urgency,
      status: a.score >= threshold ? "qualified" : "new",
      evidence: JSON.stringify(a.evidence),
    })
    .onConflict((oc) =>
      oc.columns(["conversation_id", "conversation_started_at"]).doUpdateSet((eb) => ({
        // A detail the analysis did not find never erases one the lead has (a phone caller's
        // number, stored when the call was answered).
        name: sql<string>`coalesce(excluded.name, leads.name)`,
        email: sql<string>`coalesce(excluded.email, leads.email)`,
        phone: sql<string>`coalesce(excluded.phone, leads.phone)`,
        company: sql<string>`coalesce(excluded.company, leads.company)`,
        qualification_score: eb.ref("excluded.qualification_score"),
        urgency_level: eb.ref("excluded.urgency_level"),
        evidence: eb.ref("excluded.evidence"),
        // A lead made when the call was answered (phone) is still `new`: the analysis
        // qualifies it; a status someone already worked stays.
        status: sql<string>`case when leads.status = 'new' then excluded.status else leads.status end`,
      })),
    )
    .returning(["id", "name", "email", "phone", "company", "urgency_level", "status"])
    .executeTakeFirstOrThrow();
  if (a.score < threshold) return;
  const eventId = eventIdFor("lead.qualified", key.id);
  const payload: LeadQualifiedEvent = {
    id: eventId,
    type: "lead.qualified",
    createdAt: new Date().toISOString(),
    workspaceId: call.workspace_id,
    campaign: { id: call.campaign_id, name: call.campaign_name, qualifyThreshold: threshold },
    conversation: {
      id: key.id,
      startedAt: key.startedAt.toISOString(),
      url: conversationUrl(notificationConfig().appOrigin, key.id),
    },
    lead: {
      id: lead.id,
      name: lead.name,
      email: lead.email,
      phone: lead.phone,
      company: lead.company,
      score: a.score,
      urgency: lead.urgency_level,
      status: lead.status,
    },
  };
  await enqueueEvent(trx, {
    eventId,
    kind: "lead.qualified",
    workspaceId: call.workspace_id,
    campaignId: call.campaign_id,
    key,
    payload,
  });
}

export async function analyzeCallJob(job: JobRow, providers: Pick<Providers, "analyst">) {
  const key = { id: job.conversation_id, startedAt: job.conversation_started_at };
  const call = await withServiceRole(WHY, (trx) => loadCall(trx, key));
  const analysis = call ? await analyze(job, call, providers) : null;
  await withServiceRole(WHY, async (trx) => {
    // Checked and locked first: a runner whose lease lapsed and was taken over writes nothing.
    if (!(await holdsLease(trx, job))) throw new LeaseLostError(`job ${job.id} was taken over`);
    if (call && analysis) await writeAnalysis(trx, call, key, analysis);
    await finishJob(trx, job);
  });
  if (call && analysis && analysis.score >= qualifyThreshold(call.flow)) {
    track("lead_qualified", call.workspace_id, { conversationId: key.id, score: analysis.score });
    // A first attempt right away rather than at the next drain; a failure waits in the outbox
    // for the drain's retries.
    await deliverNextEvent({ eventId: eventIdFor("lead.qualified", key.id) }).catch((err) =>
      logger.warn({ err, conversationId: key.id }, "first notification attempt failed"),
    );
  }
}
