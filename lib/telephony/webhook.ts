// Reading a Twilio webhook: exactly application/x-www-form-urlencoded, at most 64 KiB, signed
// with X-Twilio-Signature over the public URL (APP_URL + the path and query Twilio was given,
// never the Host header) and the form body, from this app's account; then the route's zod
// schema. Anything unsigned, forged or from another account is a 401 that changes nothing.
import twilio from "twilio";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { mediaType, parseInput, readText } from "@/lib/http/parse";
import { type TelephonyConfig, telephonyConfig } from "./config";

const refused = (why: string) =>
  new AppError("unauthorized", `Twilio webhook refused: ${why}`, 401);

/** The fields every voice webhook carries (Twilio sends more; they are dropped). */
export const callFields = {
  CallSid: z.string().regex(/^CA[0-9a-f]{32}$/, "CallSid: CA + 32 hex digits"),
  AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  From: z.string().max(64).default(""),
  To: z.string().max(64).default(""),
  CallStatus: z.string().max(32).optional(),
};

/** The URL Twilio signed: the configured public origin plus this request's path and query. */
export function signedUrl(req: Request, config: TelephonyConfig): string {
  const url = new URL(req.url);
  return `${config.publicOrigin}${url.pathname}${url.search}`;
}

function formParams(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return params;
}

export async function readTwilioWebhook<S extends z.ZodType>(req: Request, schema: S) {
  const config = telephonyConfig();
  if (mediaType(req) !== "application/x-www-form-urlencoded") {
    throw new AppError(
      "unsupported_media_type",
      "Twilio webhooks are application/x-www-form-urlencoded",
      415,
    );
  }
  const params = formParams(await readText(req));
  if (!config.insecure) {
    if (!config.authToken) throw refused("telephony is not configured (TWILIO_AUTH_TOKEN)");
    const signature = req.headers.get("x-twilio-signature");
    if (!signature) throw refused("no X-Twilio-Signature");
    if (!twilio.validateRequest(config.authToken, signature, signedUrl(req, config), params)) {
      throw refused("the signature does not match");
    }
    if (params.AccountSid !== config.accountSid) throw refused("another account's call");
  }
  return parseInput(schema, params, "body");
}
