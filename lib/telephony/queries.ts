// The telephony tables, read and written with the service role by the signed webhooks (see
// ./calls.ts for why each path may): the number registry, the CallSid registry, the phone's
// conversation columns and the short-lived reply audio.
import { type RawBuilder, sql } from "kysely";
import { type CallKey, upsertTurn } from "@/lib/db/queries/calls";
import type { Tx } from "@/lib/db/scoped";
import type { FlowConfig, VoiceSettings } from "@/lib/validations/campaign";
import { type PhoneMenu, phoneMenuSchema } from "@/lib/validations/phone";

export type PhoneOutcome = "answered" | "unknown_number" | "inactive" | "rate_limited";

/** The campaign a number answers for, with its phone settings. */
export async function findNumber(trx: Tx, e164: string) {
  const row = await trx
    .selectFrom("campaign_phone_numbers as n")
    .innerJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "n.workspace_id").onRef("c.id", "=", "n.campaign_id"),
    )
    .select([
      "n.workspace_id",
      "n.campaign_id",
      "n.consent_message",
      "n.menu",
      "c.status",
      "c.flow_config",
      "c.voice_settings",
    ])
    .where("n.e164", "=", e164)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, ...settingsOf(row) };
}
export type NumberRow = NonNullable<Awaited<ReturnType<typeof findNumber>>>;

function settingsOf(row: { menu: unknown; flow_config: unknown; voice_settings: unknown }) {
  const menu = row.menu ? phoneMenuSchema.safeParse(row.menu) : null;
  return {
    phoneMenu: (menu?.success ? menu.data : null) as PhoneMenu | null,
    flow: row.flow_config as unknown as FlowConfig,
    voice: row.voice_settings as unknown as VoiceSettings,
  };
}

/** A call already seen (a retried webhook), with its conversation and campaign. */
export async function findPhoneCall(trx: Tx, callSid: string) {
  const row = await trx
    .selectFrom("phone_calls as p")
    // The number's settings only while it still belongs to this call's campaign.
    .leftJoin("campaign_phone_numbers as n", (j) =>
      j
        .onRef("n.e164", "=", "p.to_number")
        .onRef("n.workspace_id", "=", "p.workspace_id")
        .onRef("n.campaign_id", "=", "p.campaign_id"),
    )
    .leftJoin("campaigns as c", (j) =>
      j.onRef("c.workspace_id", "=", "p.workspace_id").onRef("c.id", "=", "p.campaign_id"),
    )
    .select([
      "p.call_sid",
      "p.workspace_id",
      "p.campaign_id",
      "p.conversation_id",
      "p.conversation_started_at",
      "p.from_number",
      "p.outcome",
      "n.consent_message",
      "n.menu",
      "c.flow_config",
      "c.voice_settings",
    ])
    .where("p.call_sid", "=", callSid)
    .executeTakeFirst();
  if (!row) return null;
  return { ...row, ...settingsOf(row) };
}
export type PhoneCallRow = NonNullable<Awaited<ReturnType<typeof findPhoneCall>>>;

/**
 * Serialises the requests of one CallSid (a transaction-scoped advisory lock): a retried
 * incoming webhook racing the first waits for it to commit, then finds the call answered.
 * Always taken before the caller number's lock, so the two never deadlock.
 */
export async function lockCallSid(trx: Tx, callSid: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`twilio-call:${callSid}`}))`.execute(trx);
}

/**
 * Serialises the calls of one caller number (a transaction-scoped advisory lock), then counts
 * its calls in the window, so concurrent calls cannot all slip under the limit.
 */
export async function recentCallsFrom(trx: Tx, from: string, windowSeconds: number) {
  await sql`select pg_advisory_xact_lock(hashtext(${`phone:${from}`}))`.execute(trx);
  const row = await trx
    .selectFrom("phone_calls")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("from_number", "=", from)
    .where("created_at", ">", sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPhoneCall(
  trx: Tx,
  c: {
    callSid: string;
    from: string;
    to: string;
    outcome: PhoneOutcome;
    workspaceId?: string;
    campaignId?: string;
    conversation?: CallKey;
  },
) {
  await trx
    .insertInto("phone_calls")
    .values({
      call_sid: c.callSid,
      from_number: c.from,
      to_number: c.to,
      outcome: c.outcome,
      workspace_id: c.workspaceId ?? null,
      campaign_id: c.campaignId ?? null,
      conversation_id: c.conversation?.id ?? null,
      conversation_started_at: c.conversation?.startedAt ?? null,
    })
    .execute();
}

/** The phone call's conversation, with the agent's first message as turn 0. */
export async function openPhoneConversation(
  trx: Tx,
  n: NumberRow,
  call: { callSid: string; from: string; status?: string },
): Promise<CallKey> {
  const conversation = await trx
    .insertInto("conversations")
    .values({
      workspace_id: n.workspace_id,
      campaign_id: n.campaign_id,
      // Set here: it is half of the key the caller claims carry (milliseconds round-trip).
      started_at: new Date(),
      channel: "phone",
      call_sid: call.callSid,
      caller_phone: call.from.slice(0, 40) || null,
      phone_status: phoneStatus(call.status),
      turn_count: 1,
    })
    .returning(["id", "started_at"])
    .executeTakeFirstOrThrow();
  const key = { id: conversation.id, startedAt: conversation.started_at };
  await upsertTurn(trx, n.workspace_id, key, { seq: 0, role: "agent", text: n.flow.firstMessage });
  return key;
}

const PHONE_STATUSES = [
  "queued",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "failed",
  "no-answer",
  "canceled",
] as const;
export type PhoneStatus = (typeof PHONE_STATUSES)[number];

export function phoneStatus(status: string | undefined): PhoneStatus | null {
  return PHONE_STATUSES.includes(status as PhoneStatus) ? (status as PhoneStatus) : null;
}

const ENDED_STATUSES = ["completed", "busy", "failed", "no-answer", "canceled"];
const rankOf = (status: RawBuilder<unknown>) =>
  sql<number>`case ${status} when 'queued' then 0 when 'ringing' then 1 when 'in-progress' then 2
    when 'completed' then 3 when 'busy' then 3 when 'failed' then 3 when 'no-answer' then 3
    when 'canceled' then 3 else -1 end`;

/**
 * Twilio's status. Callbacks may arrive out of order: a status never moves the call back
 * (a late "ringing" after "in-progress"), and the first end stays, with its duration.
 */
export async function setPhoneStatus(
  trx: Tx,
  key: CallKey,
  status: PhoneStatus,
  durationSeconds?: number,
) {
  const keep = sql`(phone_status in (${sql.join(ENDED_STATUSES)})
    or ${rankOf(sql`phone_status`)} > ${rankOf(sql`${status}::text`)})`;
  await trx
    .updateTable("conversations")
    .set({
      phone_status: sql`case when ${keep} then phone_status else ${status} end`,
      ...(durationSeconds !== undefined
        ? {
            duration_seconds: sql`case when ${keep} then duration_seconds else ${durationSeconds} end`,
          }
        : {}),
    })
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .execute();
}

export async function updatePhoneConversation(
  trx: Tx,
  key: CallKey,
  set: {
    transfer_target?: string;
    voicemail_url?: string;
    voicemail_duration_seconds?: number;
    voicemail_transcript?: string;
  },
) {
  if (Object.keys(set).length === 0) return;
  await trx
    .updateTable("conversations")
    .set(set)
    .where("id", "=", key.id)
    .where("started_at", "=", key.startedAt)
    .execute();
}

/**
 * The phone call's lead, with the caller's number (the one detail a phone call always has):
 * written when the call is answered, marked when it becomes a voicemail. Post-call analysis
 * fills in the rest and never erases the number (lib/jobs/analyze-call.ts).
 */
export async function upsertPhoneLead(
  trx: Tx,
  c: {
    workspaceId: string;
    campaignId: string;
    key: CallKey;
    phone: string | null;
    source: "call" | "voicemail";
  },
) {
  const fields = JSON.stringify({ source: c.source });
  await trx
    .insertInto("leads")
    .values({
      workspace_id: c.workspaceId,
      campaign_id: c.campaignId,
      conversation_id: c.key.id,
      conversation_started_at: c.key.startedAt,
      phone: c.phone?.slice(0, 40) || null,
      fields,
    })
    .onConflict((oc) =>
      oc.columns(["conversation_id", "conversation_started_at"]).doUpdateSet({
        fields: sql`leads.fields || ${fields}::jsonb`,
        phone: sql`coalesce(leads.phone, excluded.phone)`,
      }),
    )
    .execute();
}

export const AUDIO_TTL_SECONDS = 10 * 60;

/** Stores a reply's WAV for <Play> (the same step again keeps the first) and purges expired. */
export async function saveAudio(
  trx: Tx,
  a: { callSid: string; step: number; wav: Uint8Array; durationMs: number },
): Promise<string> {
  await purgeExpiredAudio(trx);
  const row = await trx
    .insertInto("phone_audio")
    .values({
      call_sid: a.callSid,
      step: a.step,
      wav: Buffer.from(a.wav.buffer, a.wav.byteOffset, a.wav.byteLength),
      duration_ms: a.durationMs,
      expires_at: sql<Date>`now() + make_interval(secs => ${AUDIO_TTL_SECONDS})`,
    })
    .onConflict((oc) =>
      oc.columns(["call_sid", "step"]).doUpdateSet({ call_sid: sql`excluded.call_sid` }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAudio(trx: Tx, callSid: string, step: number) {
  return trx
    .selectFrom("phone_audio")
    .select("id")
    .where("call_sid", "=", callSid)
    .where("step", "=", step)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

export async function readAudio(trx: Tx, id: string) {
  return trx
    .selectFrom("phone_audio")
    .select(["wav", "duration_ms"])
    .where("id", "=", id)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
}

export async function purgeExpiredAudio(trx: Tx) {
  const result = await trx
    .deleteFrom("phone_audio")
    .where("expires_at", "<=", sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whether the caller said anything on this call (a stored caller turn). */
export async function hasCallerTurn(trx: Tx, key: CallKey) {
  const row = await trx
    .selectFrom("turns")
    .select("seq")
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("role", "=", "caller")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a turn under this idempotency key is stored (answered or still running). */
export async function hasKeyedTurn(trx: Tx, key: CallKey, idempotencyKey: string) {
  const row = await trx
    .selectFrom("turns")
    .select("seq")
    .where("conversation_id", "=", key.id)
    .where("conversation_started_at", "=", key.startedAt)
    .where("idempotency_key", "=", idempotencyKey)
    .executeTakeFirst();
  return row !== undefined;
}
