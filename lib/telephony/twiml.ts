// TwiML for each step of a phone call, built with the twilio package (never by string
// concatenation). Every action URL is a path: Twilio resolves it against the URL it called,
// which is the public one, so the next webhook is signed over the same origin.
import twilio from "twilio";
import type { MenuAction, PhoneMenu } from "@/lib/validations/phone";

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayLanguage = Parameters<VoiceResponse["say"]>[0] extends infer A
  ? A extends { language?: infer L }
    ? L
    : never
  : never;

export const VOICEMAIL_MAX_SECONDS = 120;
/** How long Twilio waits for the caller to start speaking before it posts an empty result. */
const SPEECH_TIMEOUT_SECONDS = 6;

export const PHRASES = {
  unknownNumber: "Sorry, this number is not taking calls right now. Goodbye.",
  inactive:
    "Sorry, we are not taking calls on this line right now. Please try again later. Goodbye.",
  rateLimited:
    "Sorry, we cannot take another call from your number right now. Please try again in a few minutes. Goodbye.",
  unavailable:
    "Sorry, something went wrong on our side. Please call again in a few minutes. Goodbye.",
  reprompt: "Sorry, I didn't catch that. Could you say it again?",
  noSpeechGoodbye:
    "I still can't hear you, so I'll hang up now. Please call again any time. Goodbye.",
  voicemail: "Please leave a message after the tone. Press the pound key when you are done.",
  voicemailThanks: "Thank you, we got your message. Goodbye.",
  transfer: "Connecting you now.",
  wait: "One moment, please.",
} as const;

const MENU_WORDS: Record<MenuAction, string> = {
  agent: "to talk with our assistant",
  sales: "for sales",
  support: "for support",
  voicemail: "to leave a message",
};

export interface Voice {
  language: string;
}

const response = () => new twilio.twiml.VoiceResponse();
const sayOn = (r: VoiceResponse | ReturnType<VoiceResponse["gather"]>, v: Voice, text: string) =>
  r.say({ language: v.language as SayLanguage }, text);

export const xml = (r: VoiceResponse) => r.toString();

/** A polite sentence, then hang up: unknown numbers, paused campaigns, limits, failures. */
export function sayAndHangUp(v: Voice, text: string) {
  const r = response();
  sayOn(r, v, text);
  r.hangup();
  return xml(r);
}

/** An empty answer: status and transcription callbacks need no instructions. */
export const emptyTwiml = () => xml(response());

export function menuPrompt(menu: PhoneMenu) {
  return menu.options.map((o) => `Press ${o.digit} ${MENU_WORDS[o.action]}.`).join(" ");
}

/** The keypad menu; no key within the timeout posts an empty Digits to the same attempt. */
export function menuTwiml(v: Voice, menu: PhoneMenu, attempt: number, lead?: string) {
  const r = response();
  if (lead) sayOn(r, v, lead);
  const gather = r.gather({
    input: ["dtmf"],
    numDigits: 1,
    timeout: menu.timeoutSeconds,
    action: `/api/telephony/menu?attempt=${attempt}`,
    method: "POST",
    actionOnEmptyResult: true,
  });
  sayOn(gather, v, menuPrompt(menu));
  return xml(r);
}

export type Speech = { kind: "play"; url: string } | { kind: "say"; text: string };

/**
 * The agent speaks (a <Play> of its synthesised voice, or <Say> when TTS failed) inside a
 * speech <Gather>, so the caller can talk over it; an empty result comes back with miss + 1.
 */
export function agentTwiml(
  v: Voice,
  opts: { lead?: string; speech: Speech[]; step: number; miss?: number; hangUp?: boolean },
) {
  const r = response();
  if (opts.lead) sayOn(r, v, opts.lead);
  const speak = (target: VoiceResponse | ReturnType<VoiceResponse["gather"]>) => {
    for (const s of opts.speech) {
      if (s.kind === "play") target.play(s.url);
      else if (s.text.trim()) sayOn(target, v, s.text);
    }
  };
  if (opts.hangUp) {
    speak(r);
    r.hangup();
    return xml(r);
  }
  const gather = r.gather({
    input: ["speech"],
    language: v.language as never,
    speechTimeout: "auto",
    timeout: SPEECH_TIMEOUT_SECONDS,
    action: `/api/telephony/turn?step=${opts.step}&miss=${opts.miss ?? 0}`,
    method: "POST",
    actionOnEmptyResult: true,
  });
  speak(gather);
  return xml(r);
}

/** A turn still being answered by another request: wait, then ask for it again (replayed). */
export function retryTwiml(v: Voice, path: string) {
  const r = response();
  sayOn(r, v, PHRASES.wait);
  r.pause({ length: 2 });
  r.redirect({ method: "POST" }, path);
  return xml(r);
}

export function transferTwiml(v: Voice, number: string) {
  const r = response();
  sayOn(r, v, PHRASES.transfer);
  // No action: when the transferred call ends, so does this one.
  r.dial({ answerOnBridge: true }, number);
  return xml(r);
}

export function voicemailTwiml(v: Voice, lead?: string) {
  const r = response();
  if (lead) sayOn(r, v, lead);
  sayOn(r, v, PHRASES.voicemail);
  r.record({
    maxLength: VOICEMAIL_MAX_SECONDS,
    playBeep: true,
    finishOnKey: "#",
    action: "/api/telephony/recording",
    method: "POST",
    transcribe: true,
    transcribeCallback: "/api/telephony/recording?event=transcription",
  });
  // <Record> with nothing recorded falls through to here.
  sayOn(r, v, PHRASES.voicemailThanks);
  r.hangup();
  return xml(r);
}

export function twimlResponse(body: string, status = 200) {
  return new Response(body, {
    status,
    headers: { "content-type": "text/xml; charset=utf-8", "cache-control": "no-store" },
  });
}
