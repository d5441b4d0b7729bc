// The telephony health check against a Twilio REST stand-in (never the internet): the
// account SID and auth token pass when Twilio accepts them, fail when it refuses them (where
// a signature self-test always passed), warn within the check's budget when Twilio is down or
// hangs, and the answer is cached briefly so polling does not reach Twilio each time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as voiceRoute from "@/app/api/health/voice/route";
import { resetEnvCache } from "@/lib/env";
import { CHECK_TIMEOUT_MS, runCheck } from "@/lib/health/check";
import { clearTwilioHealthCache, telephonyCheck } from "@/lib/telephony/health";
import { call } from "../helpers/http";
import { hex, startTwilioApi, type TwilioApiStandIn } from "../stand-ins/twilio";

const KEYS = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_URL", "APP_URL"];
const account = { accountSid: `AC${hex(16)}`, authToken: hex(16) };

function configure(env: { token?: string; apiUrl: string }) {
  Object.assign(process.env, {
    APP_URL: "https://app.example.com",
    TWILIO_ACCOUNT_SID: account.accountSid,
    TWILIO_AUTH_TOKEN: env.token ?? account.authToken,
    TWILIO_API_URL: env.apiUrl,
  });
  resetEnvCache();
}

describe("telephony health", () => {
  let api: TwilioApiStandIn;

  beforeAll(async () => {
    api = await startTwilioApi(account);
  });
  afterEach(() => {
    for (const k of KEYS) delete process.env[k];
    resetEnvCache();
    clearTwilioHealthCache();
    api.mode = "answer";
    api.accountStatus = "active";
    api.requests.length = 0;
  });
  afterAll(async () => {
    await api?.close();
  });

  it("passes unconfigured without calling Twilio", async () => {
    expect(await runCheck(telephonyCheck)).toMatchObject({
      status: "pass",
      observedValue: "not configured",
    });
    expect(api.requests).toEqual([]);
  });

  it("fetches the account with the SID and token, in /api/health/voice, then serves it cached", async () => {
    configure({ apiUrl: api.url });
    const res = await call(voiceRoute.GET, "/api/health/voice");
    expect(res.status).toBe(200);
    expect(res.body.checks["twilio:responseTime"][0]).toMatchObject({
      status: "pass",
      observedUnit: "ms",
    });
    expect(api.requests).toEqual([
      {
        method: "GET",
        path: `/2010-04-01/Accounts/${account.accountSid}.json`,
        user: account.accountSid,
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(account.authToken);
    expect((await runCheck(telephonyCheck)).status).toBe("pass");
    expect(api.requests).toHaveLength(1);
  });

  it("fails when Twilio refuses the token, naming no secret", async () => {
    configure({ apiUrl: api.url, token: "a-wrong-token-0123456789" });
    const res = await call(voiceRoute.GET, "/api/health/voice");
    expect(res.status).toBe(503);
    expect(res.body.checks["twilio:responseTime"][0]).toMatchObject({
      status: "fail",
      output: "HTTP 401",
    });
    expect(JSON.stringify(res.body)).not.toContain("a-wrong-token");
    // The right token again: a new probe, not the cached failure.
    configure({ apiUrl: api.url });
    expect((await runCheck(telephonyCheck)).status).toBe("pass");
  });

  it("fails when the account is suspended", async () => {
    configure({ apiUrl: api.url });
    api.accountStatus = "suspended";
    expect(await runCheck(telephonyCheck)).toMatchObject({
      status: "fail",
      output: "account suspended",
    });
  });

  it("warns within the check's budget when Twilio hangs or is down", async () => {
    configure({ apiUrl: api.url });
    api.mode = "hang";
    let start = performance.now();
    const hung = await runCheck(telephonyCheck);
    expect(performance.now() - start).toBeLessThan(CHECK_TIMEOUT_MS + 250);
    expect(hung).toMatchObject({ status: "warn" });
    expect(hung.output).toMatch(/^Twilio unreachable/);
    expect(api.requests).toHaveLength(1);

    clearTwilioHealthCache();
    const down = await startTwilioApi(account);
    await down.close(); // nothing listens on its port now
    configure({ apiUrl: down.url });
    start = performance.now();
    expect(await runCheck(telephonyCheck)).toMatchObject({
      status: "warn",
      output: "Twilio unreachable: connection failed (ECONNREFUSED)",
    });
    expect(performance.now() - start).toBeLessThan(CHECK_TIMEOUT_MS);
  });
});
