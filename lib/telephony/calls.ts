// The phone call's webhooks, apart from its turns (./turn.ts): answering (consent, then the
// menu or the agent), the keypad menu, voicemail and Twilio's status callbacks. Twilio is the
// only caller (every request's signature is checked first, ./webhook.ts), so these paths use
// the service role, named at each use; the conversation's turns still run as its call-token
// holder (withCaller). Each step is idempotent: a CallSid is answered once (phone_calls), a
// retried step re-renders the same TwiML, and ending the call enqueues its analysis once.
import type { CallKey } from "@/lib/db/queries/calls";
import { type Tx, withServiceRole } from "@/lib/db/scoped";
import { logger } from "@/lib/observability/logger";
import { DEFAULT_PHONE_CONSENT, maskPhone, type PhoneMenu } from "@/lib/validations/phone";
import type { CallClaims } from "@/lib/voice/call-token";
import { endCall } from "@/lib/voice/calls";
import { readGreeting, warmGreetingLater } from "@/lib/voice/greeting";
import { getProviders } from "@/lib/voice/providers";
import { signedAudioUrl } from "./audio-url";
import { telephonyConfig } from "./config";
import {
  findAudio,
  findNumber,
  findPhoneCall,
  hasCallerTurn,
  insertPhoneCall,
  lockCallSid,
  type NumberRow,
  openPhoneConversation,
  type PhoneCallRow,
  type PhoneOutcome,
  phoneStatus,
  recentCallsFrom,
  saveAudio,
  setPhoneStatus,
  updatePhoneConversation,
  upsertPhoneLead,
} from "./queries";
import {
  agentTwiml,
  emptyTwiml,
  menuTwiml,
  PHRASES,
  type Speech,
  sayAndHangUp,
  transferTwiml,
  type Voice,
  voicemailTwiml,
} from "./twiml";
import { encodeWav } from "./wav";

const WHY = "twilio webhook, signature verified: the phone call's own records";
const DEFAULT_VOICE: Voice = { language: "en-US" };

export interface IncomingCall {
  CallSid: string;
  From: string;
  To: string;
  CallStatus?: string;
}

/** The claims a turn of this call runs under, as a web call's token would carry them. */
export function claimsOf(call: PhoneCallRow): CallClaims {
  return {
    sub: call.conversation_id!,
    sat: call.conversation_started_at!.toISOString(),
    own: call.workspace_id!,
    cmp: call.campaign_id!,
    lng: call.voice?.language ?? "en-US",
  };
}

export const keyOf = (call: PhoneCallRow): CallKey => ({
  id: call.conversation_id!,
  startedAt: call.conversation_started_at!,
});

export const voiceOf = (call: { voice?: { language?: string } | null }): Voice => ({
  language: call.voice?.language ?? DEFAULT_VOICE.language,
});

const REFUSALS: Record<Exclude<PhoneOutcome, "answered">, string> = {
  unknown_number: PHRASES.unknownNumber,
  inactive: PHRASES.inactive,
  rate_limited: PHRASES.rateLimited,
};

async function decide(trx: Tx, c: IncomingCall): Promise<PhoneOutcome> {
  const config = telephonyConfig();
  const n = await findNumber(trx, c.To);
  const base = { callSid: c.CallSid, from: c.From, to: c.To };
  let outcome: PhoneOutcome = "answered";
  if (!n) outcome = "unknown_number";
  else if (n.status !== "active") outcome = "inactive";
  else if ((await recentCallsFrom(trx, c.From, config.callerWindowSeconds)) >= config.callerLimit)
    outcome = "rate_limited";
  if (outcome !== "answered" || !n) {
    await insertPhoneCall(trx, {
      ...base,
      outcome,
      workspaceId: n?.workspace_id,
      campaignId: n?.campaign_id,
    });
    return outcome;
  }
  const conversation = await openPhoneConversation(trx, n, {
    callSid: c.CallSid,
    from: c.From,
    status: c.CallStatus,
  });
  await insertPhoneCall(trx, {
    ...base,
    outcome,
    workspaceId: n.workspace_id,
    campaignId: n.campaign_id,
    conversation,
  });
  await upsertPhoneLead(trx, {
    workspaceId: n.workspace_id,
    campaignId: n.campaign_id,
    key: conversation,
    phone: c.From,
    source: "call",
  });
  return outcome;
}

/** POST /api/telephony/voice: consent, then the menu or the agent; refusals hang up politely. */
export async function answerIncoming(c: IncomingCall): Promise<string> {
  const call = await withServiceRole(WHY, async (trx) => {
    // Twilio's retry can race the first request: the second waits here for the first to
    // commit, then finds the call and answers the same way (never the primary key's 500).
    await lockCallSid(trx, c.CallSid);
    const seen = await findPhoneCall(trx, c.CallSid);
    if (!seen) {
      const outcome = await decide(trx, c);
      logger.info({ callSid: c.CallSid, from: maskPhone(c.From), outcome }, "incoming phone call");
    }
    return (await findPhoneCall(trx, c.CallSid))!;
  });
  if (call.outcome !== "answered") {
    return sayAndHangUp(voiceOf(call), REFUSALS[call.outcome as keyof typeof REFUSALS]);
  }
  const consent = call.consent_message?.trim() || DEFAULT_PHONE_CONSENT;
  if (call.phoneMenu) return menuTwiml(voiceOf(call), call.phoneMenu, 1, consent);
  return agentStart(call, consent);
}

/** The agent's first message (its cached voice when there is one), then the first Gather. */
async function agentStart(call: PhoneCallRow, lead?: string): Promise<string> {
  const text = call.flow?.firstMessage ?? "";
  const speech: Speech[] = [{ kind: "say", text }];
  const providers = getProviders();
  const audioId = await withServiceRole(WHY, async (trx) => {
    const stored = await findAudio(trx, call.call_sid, 0);
    if (stored) return stored.id;
    const source = {
      campaignId: call.campaign_id!,
      workspaceId: call.workspace_id!,
      text,
      voice: call.voice!,
    };
    const greeting = await readGreeting(trx, source, providers);
    if (!greeting) {
      warmGreetingLater(source, providers);
      return null;
    }
    const pcm = new Uint8Array(greeting.pcm);
    return saveAudio(trx, {
      callSid: call.call_sid,
      step: 0,
      wav: encodeWav(pcm, greeting.sampleRate),
      durationMs: Math.round((pcm.byteLength / 2 / greeting.sampleRate) * 1000),
    });
  });
  if (audioId) speech[0] = { kind: "play", url: await signedAudioUrl(audioId) };
  return agentTwiml(voiceOf(call), { lead, speech, step: 1 });
}

async function answeredCall(callSid: string) {
  const call = await withServiceRole(WHY, (trx) => findPhoneCall(trx, callSid));
  return call?.outcome === "answered" ? call : null;
}

const goneTwiml = () => sayAndHangUp(DEFAULT_VOICE, PHRASES.unavailable);

/** POST /api/telephony/menu: a key, or none within the timeout (repeat once, then voicemail). */
export async function chooseFromMenu(
  c: { CallSid: string; Digits?: string },
  attempt: number,
): Promise<string> {
  const call = await answeredCall(c.CallSid);
  if (!call) return goneTwiml();
  const voice = voiceOf(call);
  const menu = call.phoneMenu as PhoneMenu | null;
  if (!menu) return agentStart(call);
  const option = c.Digits ? menu.options.find((o) => o.digit === c.Digits) : undefined;
  if (!option) {
    if (attempt >= 2) return voicemailTwiml(voice);
    const lead = c.Digits ? "Sorry, that key is not on the menu." : undefined;
    return menuTwiml(voice, menu, attempt + 1, lead);
  }
  if (option.action === "agent") return agentStart(call);
  if (option.action === "voicemail") return voicemailTwiml(voice);
  const target = (option.action === "sales" ? menu.salesNumber : menu.supportNumber)!;
  await withServiceRole(WHY, (trx) =>
    updatePhoneConversation(trx, keyOf(call), { transfer_target: target }),
  );
  logger.info({ callSid: c.CallSid, to: maskPhone(target) }, "phone call transferred");
  return transferTwiml(voice, target);
}

export interface RecordingInput {
  CallSid: string;
  RecordingUrl?: string;
  RecordingDuration?: number;
  TranscriptionText?: string;
  TranscriptionStatus?: string;
}

/** POST /api/telephony/recording: the voicemail is stored and becomes a lead to work. */
export async function storeVoicemail(r: RecordingInput): Promise<string> {
  const call = await answeredCall(r.CallSid);
  if (!call) return goneTwiml();
  if (r.RecordingUrl) {
    await withServiceRole(WHY, async (trx) => {
      await updatePhoneConversation(trx, keyOf(call), {
        voicemail_url: r.RecordingUrl,
        voicemail_duration_seconds: r.RecordingDuration ?? 0,
      });
      await upsertPhoneLead(trx, {
        workspaceId: call.workspace_id!,
        campaignId: call.campaign_id!,
        key: keyOf(call),
        phone: call.from_number,
        source: "voicemail",
      });
    });
  }
  return sayAndHangUp(voiceOf(call), PHRASES.voicemailThanks);
}

/** POST /api/telephony/recording?event=transcription: Twilio's transcript of the voicemail. */
export async function storeTranscription(r: RecordingInput): Promise<string> {
  const call = await answeredCall(r.CallSid);
  if (call && r.TranscriptionStatus === "completed" && r.TranscriptionText !== undefined) {
    await withServiceRole(WHY, (trx) =>
      updatePhoneConversation(trx, keyOf(call), { voicemail_transcript: r.TranscriptionText }),
    );
  }
  return emptyTwiml();
}

/** Twilio's ends of a call that never connected: nobody spoke, so there is nothing to analyse. */
const NEVER_CONNECTED = ["busy", "failed", "no-answer", "canceled"];

/** POST /api/telephony/status: Twilio's status, its duration, and the end of the call (once). */
export async function updateStatus(s: {
  CallSid: string;
  CallStatus?: string;
  CallDuration?: number;
}): Promise<string> {
  const call = await answeredCall(s.CallSid);
  if (!call) return emptyTwiml();
  const status = phoneStatus(s.CallStatus);
  if (!status) return emptyTwiml();
  const ended = status === "completed" || NEVER_CONNECTED.includes(status);
  if (ended) {
    // Idempotent: the first end enqueues the analysis; later ones (a retried callback, the
    // agent's end_call before it) change nothing. A call that never connected ends without
    // one, unless the caller did speak (then it connected, whatever Twilio reports now).
    const analyze =
      status === "completed" ||
      (await withServiceRole(WHY, (trx) => hasCallerTurn(trx, keyOf(call))));
    await endCall(
      claimsOf(call),
      status === "completed" ? "caller_hung_up" : `phone_${status}`,
      getProviders(),
      { analyze },
    );
  }
  const duration = ended ? s.CallDuration : undefined;
  await withServiceRole(WHY, (trx) => setPhoneStatus(trx, keyOf(call), status, duration));
  return emptyTwiml();
}

export type { NumberRow };
