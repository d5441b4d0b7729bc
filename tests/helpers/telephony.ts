// The telephony suites' setup: the app's Twilio webhooks served over HTTP on a loopback port
// (APP_URL points at it, as a deployment's public URL), the Twilio stand-in that calls them,
// and a campaign answering a number.
import { randomInt } from "node:crypto";
import * as drainRoute from "@/app/api/jobs/drain/route";
import * as audioRoute from "@/app/api/telephony/audio/[token]/route";
import * as menuRoute from "@/app/api/telephony/menu/route";
import * as recordingRoute from "@/app/api/telephony/recording/route";
import * as statusRoute from "@/app/api/telephony/status/route";
import * as turnRoute from "@/app/api/telephony/turn/route";
import * as voiceRoute from "@/app/api/telephony/voice/route";
import { setCampaignStatus } from "@/lib/campaigns/commands";
import { resetEnvCache } from "@/lib/env";
import { settleBackground } from "@/lib/jobs/background";
import { assignNumber } from "@/lib/telephony/numbers";
import { savePhoneSettings } from "@/lib/telephony/settings";
import type { PhoneSettingsInput } from "@/lib/validations/phone";
import { startTwilioStandIn, type TwilioStandIn } from "../stand-ins/twilio";
import { createCampaignFor, type TestUser } from "./factories";
import { type RouteServer, startRouteServer } from "./route-server";

export const TELEPHONY_ROUTES = {
  "/api/telephony/voice": voiceRoute,
  "/api/telephony/turn": turnRoute,
  "/api/telephony/menu": menuRoute,
  "/api/telephony/recording": recordingRoute,
  "/api/telephony/status": statusRoute,
  "/api/telephony/audio/[token]": audioRoute,
  "/api/jobs/drain": drainRoute,
};

const ENV_KEYS = ["APP_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_CALLER_LIMIT"];

export interface TelephonyRig {
  server: RouteServer;
  twilio: TwilioStandIn;
  stop(): Promise<void>;
}

/** Serves the routes, points APP_URL at them, and configures Twilio as an operator would. */
export async function startTelephonyRig(env: Record<string, string> = {}): Promise<TelephonyRig> {
  const server = await startRouteServer(TELEPHONY_ROUTES);
  const twilio = startTwilioStandIn({ appUrl: server.url });
  process.env.APP_URL = server.url;
  process.env.TWILIO_ACCOUNT_SID = twilio.accountSid;
  process.env.TWILIO_AUTH_TOKEN = twilio.authToken;
  Object.assign(process.env, env);
  resetEnvCache();
  return {
    server,
    twilio,
    stop: async () => {
      for (const k of [...ENV_KEYS, ...Object.keys(env)]) delete process.env[k];
      resetEnvCache();
      await server.close();
    },
  };
}

/** A US number in the 555-01xx fictional range, unique enough per test. */
export const fictionalNumber = () => `+1${randomInt(200, 999)}55501${randomInt(10, 99)}`;

/** A fresh number, assigned to `workspaceId` as an operator would (npm run telephony:numbers). */
export async function assignedNumber(workspaceId: string): Promise<string> {
  // The fictional range is small: another test file may hold the same number, so draw again.
  for (let tries = 0; tries < 20; tries++) {
    const number = fictionalNumber();
    if ((await assignNumber(number, workspaceId)) === "assigned") return number;
  }
  throw new Error("no free fictional number");
}

/** An active campaign answering a fresh number with `settings`. */
export async function phoneCampaign(
  owner: TestUser,
  settings: Omit<PhoneSettingsInput, "number"> = {},
) {
  const campaign = await createCampaignFor(owner);
  await setCampaignStatus(owner.claims, { id: campaign.id, status: "active" });
  const number = await assignedNumber(campaign.workspaceId);
  await savePhoneSettings(owner.claims, {
    campaignId: campaign.id,
    settings: { number, ...settings },
  });
  await settleBackground();
  return { campaign, number };
}
