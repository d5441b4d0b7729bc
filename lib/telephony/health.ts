// The telephony service's health: the account SID and auth token are checked against Twilio
// itself, by fetching the account with the official client (a wrong token is a 401 there,
// where signing and verifying with the same token could never tell). Cached for
// TWILIO_HEALTH_CACHE_MS like the other upstream probes, so polling the health route neither
// spends Twilio's rate limit nor waits on it. Unsigned webhooks accepted is a warning.
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { CHECK_TIMEOUT_MS, type Check, describeFailure, since } from "@/lib/health/check";
import { type TelephonyConfig, telephonyConfig } from "./config";

export const TWILIO_HEALTH_CACHE_MS = 30_000;
/** Under the check's own budget, so an unreachable Twilio is reported as such, not as a race lost. */
export const TWILIO_PROBE_TIMEOUT_MS = CHECK_TIMEOUT_MS - 500;

type Probe = Awaited<ReturnType<Check["run"]>>;
let cache: { key: string; at: number; result: Promise<Probe> } | undefined;

/** For tests: forget the cached result. */
export function clearTwilioHealthCache() {
  cache = undefined;
}

/** The twilio package's HTTP client, sending its api.twilio.com requests to TWILIO_API_URL. */
class RebasedClient extends twilio.RequestClient {
  constructor(private readonly base: string) {
    super({ timeout: TWILIO_PROBE_TIMEOUT_MS });
  }
  override request<T>(opts: RequestClient.RequestOptions<T>) {
    const uri = new URL(opts.uri);
    return super.request<T>({ ...opts, uri: `${this.base}${uri.pathname}${uri.search}` });
  }
}

async function probeAccount(config: TelephonyConfig): Promise<Probe> {
  const client = twilio(config.accountSid!, config.authToken!, {
    httpClient: new RebasedClient(config.apiUrl),
    timeout: TWILIO_PROBE_TIMEOUT_MS,
  });
  const start = performance.now();
  try {
    const account = await client.api.v2010.accounts(config.accountSid!).fetch();
    const observedValue = since(start);
    if (account.status === "active") return { status: "pass", observedValue, observedUnit: "ms" };
    return {
      status: "fail",
      observedValue,
      observedUnit: "ms",
      output: `account ${account.status}`,
    };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    // Twilio refused the credentials (401), or they are not this account's (403/404): every
    // webhook's signature would fail too.
    if (status === 401 || status === 403 || status === 404) {
      return {
        status: "fail",
        observedValue: since(start),
        observedUnit: "ms",
        output: `HTTP ${status}`,
      };
    }
    // Twilio busy or unreachable: the webhooks (Twilio → app) may still arrive and verify.
    return { status: "warn", output: `Twilio unreachable: ${describeFailure(error)}` };
  }
}

export const telephonyCheck: Check = {
  name: "twilio:responseTime",
  componentType: "component",
  async run() {
    const config = telephonyConfig();
    if (config.insecure)
      return { status: "warn", observedValue: "unsigned webhooks accepted", output: "insecure" };
    if (!config.authToken || !config.accountSid) {
      return { status: "pass", observedValue: "not configured" };
    }
    const key = `${config.apiUrl} ${config.accountSid} ${config.authToken}`;
    if (!cache || cache.key !== key || Date.now() - cache.at >= TWILIO_HEALTH_CACHE_MS) {
      cache = { key, at: Date.now(), result: probeAccount(config) };
    }
    return cache.result;
  },
};
