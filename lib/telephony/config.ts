// The telephony settings read from the one env schema: the Twilio account, whether unsigned
// webhooks are accepted (local development only: the schema refuses it in production), the
// per-caller limit, and the public origin Twilio's signatures are computed over.
import { env, publicOrigin } from "@/lib/env";

export interface TelephonyConfig {
  accountSid: string | null;
  authToken: string | null;
  insecure: boolean;
  callerLimit: number;
  callerWindowSeconds: number;
  /** Where Twilio reaches the app: APP_URL, never a request's Host header. */
  publicOrigin: string;
  /** Twilio's REST API (the health check's only use of it). */
  apiUrl: string;
}

export function telephonyConfig(): TelephonyConfig {
  const e = env();
  return {
    accountSid: e.TWILIO_ACCOUNT_SID ?? null,
    authToken: e.TWILIO_AUTH_TOKEN ?? null,
    insecure: e.TWILIO_INSECURE_WEBHOOKS,
    callerLimit: e.TWILIO_CALLER_LIMIT,
    callerWindowSeconds: e.TWILIO_CALLER_WINDOW_SECONDS,
    publicOrigin: publicOrigin(e),
    apiUrl: (e.TWILIO_API_URL ?? "https://api.twilio.com").replace(/\/+$/, ""),
  };
}

/** The absolute URL Twilio is told to call for `path` (with its query), on the public origin. */
export function publicUrl(path: string): string {
  return new URL(path, telephonyConfig().publicOrigin).toString();
}
