// Telephony without HTTP: the env rules, the phone settings schema, number masking, the
// TwiML each step answers (parsed as XML), and the signature check against the twilio
// package's own signing.
import twilio from "twilio";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { EnvError, parseEnv, resetEnvCache } from "@/lib/env";
import { agentTwiml, menuTwiml, sayAndHangUp, voicemailTwiml } from "@/lib/telephony/twiml";
import { encodeWav, joinFrames } from "@/lib/telephony/wav";
import { readTwilioWebhook } from "@/lib/telephony/webhook";
import { maskPhone, phoneSettingsSchema } from "@/lib/validations/phone";
import { parseWav } from "@/lib/voice/audio";
import { flatVerbs, parseTwiml } from "../stand-ins/twilio";

const SID = `AC${"a1".repeat(16)}`;

describe("telephony env", () => {
  it("needs the account and the token together", () => {
    expect(() => parseEnv({ TWILIO_ACCOUNT_SID: SID })).toThrow(
      /twilio is half-configured.*TWILIO_AUTH_TOKEN/,
    );
    expect(parseEnv({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t" }).enabled.twilio).toBe(true);
    expect(() => parseEnv({ TWILIO_ACCOUNT_SID: "nope", TWILIO_AUTH_TOKEN: "t" })).toThrow(
      EnvError,
    );
  });
  it("refuses unsigned webhooks in production, and Twilio without a public origin there", () => {
    expect(parseEnv({ TWILIO_INSECURE_WEBHOOKS: "1" }).TWILIO_INSECURE_WEBHOOKS).toBe(true);
    expect(parseEnv({}).TWILIO_INSECURE_WEBHOOKS).toBe(false);
    expect(() => parseEnv({ NODE_ENV: "production", TWILIO_INSECURE_WEBHOOKS: "true" })).toThrow(
      /TWILIO_INSECURE_WEBHOOKS is for local development only/,
    );
    expect(() => parseEnv({ TWILIO_INSECURE_WEBHOOKS: "yes" })).toThrow(EnvError);
    const twilioEnv = { TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "t", NODE_ENV: "production" };
    expect(() => parseEnv(twilioEnv)).toThrow(/APP_URL/);
    expect(parseEnv({ ...twilioEnv, APP_URL: "https://app.example.com" }).enabled.twilio).toBe(
      true,
    );
  });
  it("defaults the per-caller limit to 10 calls per 60 s", () => {
    const e = parseEnv({});
    expect([e.TWILIO_CALLER_LIMIT, e.TWILIO_CALLER_WINDOW_SECONDS]).toEqual([10, 60]);
  });
});

describe("phone settings", () => {
  it("takes an E.164 number, a consent message and a menu whose transfers have numbers", () => {
    const ok = phoneSettingsSchema.parse({
      number: "+14155550100",
      menu: {
        options: [
          { digit: "1", action: "agent" },
          { digit: "2", action: "sales" },
        ],
        salesNumber: "+14155550101",
      },
    });
    expect(ok.menu?.timeoutSeconds).toBe(5);
    for (const bad of [
      { number: "4155550100" },
      { number: "+14155550100", menu: { options: [{ digit: "2", action: "sales" }] } },
      {
        number: "+14155550100",
        menu: {
          options: [
            { digit: "1", action: "agent" },
            { digit: "1", action: "voicemail" },
          ],
        },
      },
      { number: "+14155550100", menu: { options: [{ digit: "12", action: "agent" }] } },
      { number: "+14155550100", consentMessage: "x".repeat(601) },
    ]) {
      expect(phoneSettingsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
  it("masks numbers in logs", () => {
    expect(maskPhone("+14155550142")).toBe("+1********42");
    expect(maskPhone(null)).toBe("unknown");
  });
});

describe("TwiML", () => {
  const v = { language: "en-GB" };
  it("refuses politely: a sentence, then a hang-up", () => {
    expect(parseTwiml(sayAndHangUp(v, "Sorry & goodbye")).map((x) => [x.name, x.text])).toEqual([
      ["Say", "Sorry & goodbye"],
      ["Hangup", ""],
    ]);
  });
  it("lets the caller talk over the agent: the reply plays inside the speech Gather", () => {
    const verbs = parseTwiml(
      agentTwiml(v, { speech: [{ kind: "play", url: "https://x.example/a?t=1&u=2" }], step: 3 }),
    );
    expect(verbs).toHaveLength(1);
    expect(verbs[0]!.attrs).toMatchObject({
      input: "speech",
      language: "en-GB",
      action: "/api/telephony/turn?step=3&miss=0",
      actionOnEmptyResult: "true",
    });
    expect(verbs[0]!.children.map((c) => [c.name, c.text])).toEqual([
      ["Play", "https://x.example/a?t=1&u=2"],
    ]);
    const last = parseTwiml(
      agentTwiml(v, { speech: [{ kind: "say", text: "Bye" }], step: 4, hangUp: true }),
    );
    expect(last.map((x) => x.name)).toEqual(["Say", "Hangup"]);
  });
  it("builds the menu from its options and voicemail with a bounded recording", () => {
    const menu = {
      options: [
        { digit: "1" as const, action: "agent" as const },
        { digit: "9" as const, action: "voicemail" as const },
      ],
      timeoutSeconds: 4,
    };
    const verbs = parseTwiml(menuTwiml(v, menu, 2));
    expect(verbs[0]!.attrs).toMatchObject({
      input: "dtmf",
      numDigits: "1",
      timeout: "4",
      action: "/api/telephony/menu?attempt=2",
    });
    expect(flatVerbs(verbs).find((x) => x.name === "Say")!.text).toBe(
      "Press 1 to talk with our assistant. Press 9 to leave a message.",
    );
    const rec = parseTwiml(voicemailTwiml(v)).find((x) => x.name === "Record")!;
    expect(rec.attrs).toMatchObject({
      maxLength: "120",
      transcribe: "true",
      action: "/api/telephony/recording",
    });
  });
});

describe("reply audio", () => {
  it("joins whole-sample frames into a WAV of their exact length", () => {
    const frame = (n: number) => ({ pcm: new Uint8Array(n * 2).fill(1), sampleRate: 8000 });
    const joined = joinFrames([frame(4000), frame(2000)])!;
    const wav = parseWav(encodeWav(joined.pcm, joined.sampleRate));
    expect([wav.sampleRate, wav.channels, wav.durationMs]).toEqual([8000, 1, 750]);
    expect(joinFrames([frame(1), { ...frame(1), sampleRate: 16000 }])).toBeNull();
  });
});

describe("webhook signatures", () => {
  afterEach(() => {
    for (const k of [
      "APP_URL",
      "TWILIO_ACCOUNT_SID",
      "TWILIO_AUTH_TOKEN",
      "TWILIO_INSECURE_WEBHOOKS",
    ])
      delete process.env[k];
    resetEnvCache();
  });
  const configure = () => {
    Object.assign(process.env, {
      APP_URL: "https://app.example.com",
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: "secret-token",
    });
    resetEnvCache();
  };
  const params = {
    AccountSid: SID,
    CallSid: `CA${"b2".repeat(16)}`,
    From: "+14155550142",
    To: "+14155550100",
  };
  const request = (host: string, signature?: string, body = params) =>
    new Request(`http://${host}/api/telephony/voice?x=1`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(signature ? { "x-twilio-signature": signature } : {}),
      },
      body: new URLSearchParams(body).toString(),
    });
  const schema = z.object({ CallSid: z.string(), From: z.string() });

  it("verifies over APP_URL and the path, whatever Host the request came with", async () => {
    configure();
    const sig = twilio.getExpectedTwilioSignature(
      "secret-token",
      "https://app.example.com/api/telephony/voice?x=1",
      params,
    );
    await expect(readTwilioWebhook(request("internal:3000", sig), schema)).resolves.toMatchObject({
      From: "+14155550142",
    });
    // Signed for the Host header's URL: refused.
    const hostSig = twilio.getExpectedTwilioSignature(
      "secret-token",
      "http://evil.example/api/telephony/voice?x=1",
      params,
    );
    await expect(readTwilioWebhook(request("evil.example", hostSig), schema)).rejects.toMatchObject(
      { status: 401 },
    );
    await expect(readTwilioWebhook(request("internal:3000"), schema)).rejects.toMatchObject({
      status: 401,
    });
    await expect(
      readTwilioWebhook(request("internal:3000", sig, { ...params, From: "+19995550100" }), schema),
    ).rejects.toMatchObject({ status: 401 });
  });
  it("accepts unsigned webhooks only with the development flag", async () => {
    Object.assign(process.env, { TWILIO_INSECURE_WEBHOOKS: "1" });
    resetEnvCache();
    await expect(readTwilioWebhook(request("localhost:3000"), schema)).resolves.toMatchObject({
      CallSid: params.CallSid,
    });
  });
});
