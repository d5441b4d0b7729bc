// Starting and ending calls. Callers are anonymous: the public call start looks the campaign
// up by its slug with the service role (no token exists yet); everything after it is bound to
// the conversation by the call token and runs as its holder (withCaller). A preview call
// ("Try it") is started by a signed-in member of the campaign's workspace, and RLS is what
// proves they are one.
import { sql } from "kysely";
import { z } from "zod";
import type { Claims } from "@/lib/auth/claims";
import {
  findCampaignBySlug,
  insertConversation,
  stopRecording,
  upsertTurn,
} from "@/lib/db/queries/calls";
import { enqueueJob } from "@/lib/db/queries/jobs";
import { hasRole } from "@/lib/db/queries/workspaces";
import { type Tx, withCaller, withServiceRole, withUser } from "@/lib/db/scoped";
import { AppError, notFound } from "@/lib/errors";
import { runAfterResponse } from "@/lib/jobs/background";
import { runNextJob } from "@/lib/jobs/runner";
import { livekitConfig } from "@/lib/livekit/config";
import { createCallRoom, deleteCallRoom, ROOM_TIMING, settledWithin } from "@/lib/livekit/rooms";
import { callerToken, type RoomAccess } from "@/lib/livekit/token";
import { track } from "@/lib/observability/track";
import { callSettings, type FlowConfig, type VoiceSettings } from "@/lib/validations/campaign";
import { callKey } from "./call-key";
import { type CallClaims, signCallToken } from "./call-token";
import { type GreetingSource, greetingJson, readGreeting, warmGreetingLater } from "./greeting";
import type { Providers } from "./providers";

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
  /** A member trying their workspace's campaign from the dashboard: needs their session. */
  preview: z.boolean().optional(),
  /**
   * The consent notice the caller was shown said the call is recorded. A campaign that
   * records calls records only those: recording switched on after the caller's page loaded
   * does not record a caller who was never told.
   */
  recordingNotice: z.boolean().optional(),
});
export type StartCallInput = z.infer<typeof startCallSchema>;

type CampaignForCall = NonNullable<Awaited<ReturnType<typeof findCampaignBySlug>>>;

/** The campaign a start may use: active for callers; anything but archived for a preview. */
async function campaignFor(trx: Tx, input: StartCallInput) {
  const campaign = await findCampaignBySlug(trx, input.campaignSlug);
  if (!campaign) throw notFound("Campaign");
  const open = input.preview ? campaign.status !== "archived" : campaign.status === "active";
  if (!open) throw new AppError("conflict", "This campaign is not taking calls right now", 409);
  return campaign;
}

async function openConversation(trx: Tx, campaign: CampaignForCall, input: StartCallInput) {
  const flow = campaign.flow_config as unknown as FlowConfig;
  const conversation = await insertConversation(trx, {
    workspaceId: campaign.workspace_id,
    campaignId: campaign.id,
    callerName: input.caller?.name,
    callerEmail: input.caller?.email,
    callerPhone: input.caller?.phone,
    isTest: input.preview === true,
  });
  const key = { id: conversation.id, startedAt: conversation.started_at };
  if (conversation.recorded && input.recordingNotice !== true) await stopRecording(trx, key);
  await upsertTurn(trx, campaign.workspace_id, key, {
    seq: 0,
    role: "agent",
    text: flow.firstMessage,
  });
  return conversation;
}

/**
 * Opens the conversation and answers at once: the greeting's audio comes from the cache or
 * not at all (null: the page shows the text, and a missed cache is filled after the response).
 */
export async function startCall(input: StartCallInput, providers: Providers, viewer?: Claims) {
  if (input.preview) {
    if (!viewer) throw new AppError("unauthorized", "Sign in to try your campaign", 401);
    // RLS: the session sees only its workspaces' campaigns, and a preview call writes a
    // conversation, which takes a member (viewers only read).
    await withUser(viewer, async (trx) => {
      const campaign = await campaignFor(trx, input);
      if (!(await hasRole(trx, campaign.workspace_id, "member"))) {
        throw new AppError("forbidden", "Viewers cannot place test calls", 403);
      }
    });
  }
  const why = "public call start: an anonymous caller opens a campaign's link";
  const { conversation, campaign, greeting, source } = await withServiceRole(why, async (trx) => {
    const campaign = await campaignFor(trx, input);
    const conversation = await openConversation(trx, campaign, input);
    const source: GreetingSource = {
      campaignId: campaign.id,
      workspaceId: campaign.workspace_id,
      text: (campaign.flow_config as unknown as FlowConfig).firstMessage,
      voice: campaign.voice_settings as unknown as VoiceSettings,
    };
    return { conversation, campaign, source, greeting: await readGreeting(trx, source, providers) };
  });
  if (!greeting) warmGreetingLater(source, providers);
  const [callToken, livekit] = await Promise.all([
    signCallToken({
      sub: conversation.id,
      sat: conversation.started_at.toISOString(),
      own: campaign.workspace_id,
      cmp: campaign.id,
      lng: source.voice.language,
    }),
    openRoom(conversation.id, conversation.started_at, campaign),
  ]);
  track("call_started", campaign.workspace_id, {
    conversationId: conversation.id,
    campaignId: campaign.id,
    preview: input.preview === true,
  });
  return {
    conversationId: conversation.id,
    callToken,
    firstMessage: { text: source.text, audio: greeting ? greetingJson(greeting) : null },
    livekit,
    settings: callSettings(campaign.voice_settings as unknown as VoiceSettings),
  };
}

/**
 * The call's LiveKit room and the caller's token for it, when LiveKit is configured. The start
 * waits for the room at most ROOM_TIMING.startWaitMs: LiveKit refusing by then (an error, nothing
 * listening) means null and the call goes on without a room (logged); still working on it,
 * the creation finishes after the response under its own deadline and the token is returned.
 */
async function openRoom(
  conversationId: string,
  startedAt: Date,
  campaign: { id: string; workspace_id: string },
): Promise<Omit<RoomAccess, "identity" | "expiresAt"> | null> {
  const config = livekitConfig();
  if (!config) return null;
  const creating = createCallRoom({
    conversationId,
    startedAt: startedAt.toISOString(),
    campaignId: campaign.id,
    workspaceId: campaign.workspace_id,
  });
  runAfterResponse("livekit room create", () => creating);
  if ((await settledWithin(creating, ROOM_TIMING.startWaitMs)) === false) return null;
  const { url, token, room } = await callerToken(config, conversationId);
  return { url, token, room };
}

export const END_REASONS = ["caller_hung_up", "idle_timeout", "tab_closed"] as const;

export interface EndedCall {
  conversationId: string;
  status: "active" | "ended" | "failed";
}

/**
 * Ends a call once and enqueues its post-call analysis in the same transaction; the analysis
 * runs after the response. Safe to race: the End button, the agent's end_call and a closed
 * tab all land here, the first one ends the call, and the job exists once per conversation.
 * `analyze: false` ends it without the analysis: a phone call that never connected has
 * nothing to analyse, and the model would be paid to score a greeting.
 */
export async function endCall(
  claims: CallClaims,
  reason: string,
  providers: Providers,
  { analyze = true }: { analyze?: boolean } = {},
): Promise<EndedCall> {
  const key = callKey(claims);
  // As the call-token holder: its policies allow ending this conversation and enqueueing its
  // analysis, nothing more (the job runs later with the service role).
  const result = await withCaller(claims, async (trx) => {
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
      .returning(["workspace_id", "status"])
      .executeTakeFirst();
    if (ended) {
      if (analyze) await enqueueJob(trx, "analyze_call", ended.workspace_id, key);
      return { ...ended, first: true };
    }
    const row = await trx
      .selectFrom("conversations")
      .select(["workspace_id", "status"])
      .where("id", "=", key.id)
      .where("started_at", "=", key.startedAt)
      .executeTakeFirst();
    if (!row) throw new AppError("unauthorized", "This call no longer exists", 401);
    return { ...row, first: false };
  });
  if (result.first) {
    track("call_ended", result.workspace_id, { conversationId: key.id, reason });
    if (analyze) runAfterResponse("post-call analysis", () => runNextJob(providers, key));
    if (livekitConfig()) runAfterResponse("livekit room delete", () => deleteCallRoom(key.id));
  }
  return { conversationId: key.id, status: result.status as EndedCall["status"] };
}
