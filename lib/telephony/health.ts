// The telephony service's health: whether Twilio is configured, and that a request signed
// with its token over the public origin verifies (the app never calls Twilio's API, so there
// is no upstream to time). Unsigned webhooks accepted (TWILIO_INSECURE_WEBHOOKS) is a warning.
import twilio from "twilio";
import type { Check } from "@/lib/health/check";
import { telephonyConfig } from "./config";

export const telephonyCheck: Check = {
  name: "twilio:webhookSignature",
  componentType: "component",
  async run() {
    const config = telephonyConfig();
    if (config.insecure)
      return { status: "warn", observedValue: "unsigned webhooks accepted", output: "insecure" };
    if (!config.authToken) return { status: "pass", observedValue: "not configured" };
    const url = `${config.publicOrigin}/api/telephony/voice`;
    const params = { AccountSid: config.accountSid ?? "", CallSid: "CAhealth" };
    const signature = twilio.getExpectedTwilioSignature(config.authToken, url, params);
    const ok = twilio.validateRequest(config.authToken, signature, url, params);
    return ok
      ? { status: "pass", observedValue: "signatures verify" }
      : { status: "fail", observedValue: false, output: "signature_self_test_failed" };
  },
};
