// Starting and ending calls. Callers are anonymous: the public call start looks the campaign
// up by its slug and everything after it is bound to the conversation by the call token, so
// these paths use the service role, one transaction each.
import { sql } from "kysely";
import { z } from "zod";
import {
  type CallKey,
  findCampaignBySlug,
  insertConversation,
  loadCall,
  upsertTurn,
} from "@/lib/db/queries/calls";
import { withServiceRole } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { captureError } from "@/lib/observability/errors";
import { logger } from "@/lib/observability/logger";
import { track } from "@/lib/observability/track";
import type { FlowConfig, VoiceSettings } from "@/lib/validations/campaign";
import { type Analysis, analyzeScripted, analyzeWithModel } from "./analysis";
import { signCallToken } from "./call-token";
import { type Providers, TIMEOUTS } from "./providers";
import { deadline } from "./providers/types";

export const startCallSchema = z.strictObject({
  campaignSlug: z.string().trim().min(1).max(80),
  caller: z
    .strictObject({
      name: z.string().trim().min(1).max(200).optional(),
      email: z.email().max(320).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[\d\s().-]{7,40}$/, "Enter a phone number")
        .optional(),
    })
    .optional(),
});

const QUALIFIED_SCORE = 60;
const ANALYSIS_TIMEOUT_MS = 15_000;

async function speakWhole(providers: Providers, text: string, voice: VoiceSettings) {
  const chunks: Uint8Array[] = [];
  for await (const c of providers.tts.synthesize(text, voice, AbortSignal.timeout(TIMEOUTS.ttsMs)))
    chunks.push(c);
  return {
    format: "pcm_s16le" as const,
    sampleRate: providers.tts.sampleRate,
    data: Buffer.concat(chunks).toString("base64"),
  };
}

export async function startCall(input: z.infer<typeof startCallSchema>, providers: Providers) {
  const why = "public call start: an anonymous caller opens a campaign's link";
  const started = await withServiceRole(why, async (trx) => {
    const campaign = await findCampaignBySlug(trx, input.campaignSlug);
    if (!campaign) throw notFound("Campaign");
    if (campaign.status !== "active") {
      throw new AppError("conflict", "This campaign is not taking calls right now", 409);
    }
    const flow = campaign.flow_config as unknown as FlowConfig;
    const conversation = await insertConversation(trx, {
      ownerId: campaign.owner_id,
      campaignId: campaign.id,
      callerName: input.caller?.name,
      callerEmail: input.caller?.email,
      callerPhone: input.caller?.phone,
    });
    const key = { id: conversation.id, startedAt: conversation.started_at };
    await upsertTurn(trx, campaign.owner_id, key, {
      seq: 0,
      role: "agent",
      text: flow.firstMessage,
    });
    return { conversation, campaign, flow };
  });
  const { conversation, campaign, flow } = started;
  const callToken = await signCallToken({
    sub: conversation.id,
    sat: conversation.started_at.toISOString(),
    own: campaign.owner_id,
    cmp: campaign.id,
    lng: (campaign.voice_settings as unknown as VoiceSettings).language,
  });
  // The greeting's audio is a convenience: without it the page shows and speaks the text.
  const audio = await speakWhole(
    providers,
    flow.firstMessage,
    campaign.voice_settings as unknown as VoiceSettings,
  ).catch((error) => {
    logger.warn({ err: error, conversationId: conversation.id }, "first message synthesis failed");
    return undefined;
  });
  track("call_started", campaign.owner_id, {
    conversationId: conversation.id,
    campaignId: campaign.id,
  });
  return {
    conversationId: conversation.id,
    callToken,
    firstMessage: { text: flow.firstMessage, audio },
    livekit: null,
  };
}

/**
 * Ends a call once: the first caller to get here runs post-call analysis and writes the
 * summary and lead; later calls (a retry, the agent's end_call racing the caller's hang-up)
 * get the stored result.
 */
export async function endCall(key: CallKey, reason: string, providers: Providers) {
  const why = "post-call analysis writes the summary and lead";
  const ending = await withServiceRole(why, async (trx) => {
    const ended = await trx
      .updateTable("conversations")
      .set({
        status: "ended",
        ended_at: sql`now()`,
        end_reason: reason,
        duration_seconds: sql`greatest(0, round(extract(epoch from now() - started_at)))::integer`,
      })
      .where("id", "=", key.id)
      .where("started_at", "=", key.startedAt)
      .where("status", "=", "active")
      .returning("id")
      .executeTakeFirst();
    return ended ? await loadCall(trx, key) : null;
  });
  if (ending) {
    let analysis: Analysis = analyzeScripted(ending.flow, ending.turns);
    if (providers.analyst) {
      analysis = await analyzeWithModel(
        providers.analyst,
        ending.flow,
        ending.turns,
        deadline(new AbortController().signal, ANALYSIS_TIMEOUT_MS),
      ).catch((error) => {
        logger.warn(
          { err: error, conversationId: key.id },
          "model analysis failed; using the scripted analysis",
        );
        captureError(error, { conversationId: key.id, route: "calls/end" });
        return analysis;
      });
    }
    await withServiceRole(why, async (trx) => {
      await trx
        .updateTable("conversations")
        .set({ summary: analysis.summary })
        .where("id", "=", key.id)
        .where("started_at", "=", key.startedAt)
        .execute();
      await trx
        .insertInto("leads")
        .values({
          owner_id: ending.owner_id,
          campaign_id: ending.campaign_id,
          conversation_id: key.id,
          conversation_started_at: key.startedAt,
          ...analysis.lead,
          qualification_score: analysis.score,
          urgency_level: analysis.urgency,
          status: analysis.score >= QUALIFIED_SCORE ? "qualified" : "new",
          evidence: JSON.stringify(analysis.evidence),
        })
        .onConflict((oc) =>
          oc.columns(["conversation_id", "conversation_started_at"]).doUpdateSet((eb) => ({
            name: eb.ref("excluded.name"),
            email: eb.ref("excluded.email"),
            phone: eb.ref("excluded.phone"),
            company: eb.ref("excluded.company"),
            qualification_score: eb.ref("excluded.qualification_score"),
            urgency_level: eb.ref("excluded.urgency_level"),
            evidence: eb.ref("excluded.evidence"),
          })),
        )
        .execute();
    });
    track("call_ended", ending.owner_id, { conversationId: key.id, reason });
    if (analysis.score >= QUALIFIED_SCORE)
      track("lead_qualified", ending.owner_id, { conversationId: key.id, score: analysis.score });
  }
  return withServiceRole(why, async (trx) => {
    const conversation = await trx
      .selectFrom("conversations")
      .selectAll()
      .where("id", "=", key.id)
      .where("started_at", "=", key.startedAt)
      .executeTakeFirstOrThrow();
    const lead = await trx
      .selectFrom("leads")
      .selectAll()
      .where("conversation_id", "=", key.id)
      .where("conversation_started_at", "=", key.startedAt)
      .executeTakeFirst();
    return { conversation, lead: lead ?? null };
  });
}
