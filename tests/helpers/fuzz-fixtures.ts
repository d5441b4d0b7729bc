// The rows and credentials the route fuzz test builds its valid base requests from: an
// owner with an active campaign, a stored conversation and a live call, a team workspace
// with a member and open invitations, an API key, and the cron secret, Twilio and LiveKit
// configured (LiveKit as its stand-in), so that every route refuses on its own checks and
// never on "not configured". Each credential set pairs the good credential with broken ones
// and ones of the wrong kind.
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { SignJWT } from "jose";
import { type Kysely, sql } from "kysely";
import twilio from "twilio";
import { createApiKey } from "@/lib/api-keys/keys";
import { getSigningKey } from "@/lib/auth/secret";
import type { DB } from "@/lib/db/schema.gen";
import { withServiceRole } from "@/lib/db/scoped";
import { publicOrigin, resetEnvCache } from "@/lib/env";
import { signedAudioUrl } from "@/lib/telephony/audio-url";
import { resetProviders } from "@/lib/voice/providers";
import { createInvitation } from "@/lib/workspaces/invitations";
import { signWebhook, startLiveKitStandIn } from "../stand-ins/livekit";
import { createActiveCampaign, startCall } from "./calls";
import { createConversation, createUser, createWorkspace, type TestUser } from "./factories";
import { bodyText, type Spec, urlOf } from "./fuzz-dispatch";
import { setField, type Target } from "./fuzz-requests";

export type Credentials = Pick<Target, "goodAuth" | "badAuth" | "authHeaders" | "finish">;

const HEX32 = "0123456789abcdef".repeat(2);
const TWILIO = { accountSid: `AC${HEX32}`, authToken: randomBytes(16).toString("hex") };
const CRON_SECRET = "cron-secret-for-the-fuzz-test";

const bearer = (t: string): Record<string, string> => ({ authorization: `Bearer ${t}` });

/** Signs what is finally sent as Twilio would, or as the credential defect says not to. */
function signTwilio(spec: Spec): Spec {
  const how = spec.headers["x-twilio-signature"];
  if (!how?.startsWith("sign")) return spec;
  const url = urlOf(spec);
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(bodyText(spec) ?? "")) {
    const seen = params[k];
    params[k] = seen === undefined ? v : [...(Array.isArray(seen) ? seen : [seen]), v];
  }
  const token = how === "sign:other-token" ? "another-accounts-token" : TWILIO.authToken;
  const signed =
    how === "sign:other-url"
      ? `https://elsewhere.example${url.pathname}${url.search}`
      : `${publicOrigin()}${url.pathname}${url.search}`;
  const signature = twilio.getExpectedTwilioSignature(token, signed, params);
  return { ...spec, headers: { ...spec.headers, "x-twilio-signature": signature } };
}

/** A Twilio voice webhook's fields for a fresh call to this app's account. */
export const phoneCall = (more: Record<string, string> = {}) => ({
  CallSid: `CA${randomUUID().replaceAll("-", "")}`,
  AccountSid: TWILIO.accountSid,
  From: "+14155550123",
  To: "+14155550100",
  CallStatus: "in-progress",
  ...more,
});

/** Fields no Twilio webhook from this account carries: a malformed call, another account. */
export const twilioDefects = [
  fc
    .constantFrom("", "CA123", `CA${HEX32.slice(1)}g`, `ca${HEX32}`, `CA${HEX32}\n`, `CA${HEX32}0`)
    .map((sid) => setField("CallSid", sid)),
  fc.constantFrom(`AC${"0".repeat(32)}`, "", "AC").map((sid) => setField("AccountSid", sid)),
];

export type FuzzFixtures = Awaited<ReturnType<typeof fuzzFixtures>>;

export async function fuzzFixtures(db: Kysely<DB>) {
  resetProviders();
  const savedEnv = { ...process.env };
  const { owner, campaign } = await createActiveCampaign(db);
  const conversation = await createConversation(db, owner, campaign.id);
  const live = (await startCall(campaign.publicSlug)).body;
  // Configured after the call started, so it has no room; every route below sees them.
  const lk = await startLiveKitStandIn();
  Object.assign(process.env, lk.env(), {
    CRON_SECRET,
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
  });
  resetEnvCache();

  const expired = await new SignJWT({ sat: new Date().toISOString() })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(live.conversationId)
    .setAudience("voxline-call")
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(await getSigningKey());
  const { secret: apiKeySecret } = await createApiKey(
    { claims: owner.claims, workspaceId: owner.id },
    { name: "Fuzz" },
  );
  // A key records its use at most once a minute, also on a request refused after the key
  // check (a bad query): dated ahead, it records nothing during the run.
  await withServiceRole(
    "the fuzz test dates its key's last use ahead",
    (trx) => sql`update public.api_keys set last_used_at = now() + interval '1 day'`.execute(trx),
    db,
  );

  const member = await createUser(db);
  const invitee = await createUser(db);
  const team = await createWorkspace(db, owner, [{ user: member, role: "member" }]);
  const { invitation } = await createInvitation(owner.claims, {
    id: team.id,
    email: `fuzz-${randomUUID()}@example.com`,
    role: "viewer",
  });
  const { token: inviteToken } = await createInvitation(owner.claims, {
    id: team.id,
    email: invitee.email,
    role: "member",
  });
  // No audio row has this id: a request still valid after its defects is a 404.
  const audioToken = new URL(await signedAudioUrl(randomUUID())).pathname.split("/").at(-1)!;
  const lkEvent = {
    id: "EV_fuzz",
    event: "participant_left",
    room: { name: `call_${live.conversationId}` },
    participant: { identity: `caller:${live.conversationId}` },
  };
  const lkBody = JSON.stringify(lkEvent);

  const userAuth = (u: TestUser): Credentials => ({
    goodAuth: { cookie: u.cookie },
    badAuth: [
      {},
      { cookie: `${u.cookie}x` },
      { cookie: "voxline-session=garbage" },
      bearer(live.callToken),
    ],
  });
  const creds: Record<
    "public" | "owner" | "invitee" | "caller" | "apiKey" | "cron" | "twilio" | "livekit",
    Credentials
  > = {
    public: { goodAuth: {}, badAuth: [] },
    owner: userAuth(owner),
    invitee: userAuth(invitee),
    caller: {
      goodAuth: bearer(live.callToken),
      badAuth: [
        {},
        bearer("garbage"),
        bearer(expired),
        bearer(`${live.callToken}x`),
        { cookie: owner.cookie },
        { authorization: live.callToken },
      ],
    },
    apiKey: {
      goodAuth: bearer(apiKeySecret),
      badAuth: [
        {},
        bearer(`vx_${"A".repeat(43)}`),
        bearer(`${apiKeySecret}x`),
        { authorization: apiKeySecret },
        bearer(live.callToken),
        { cookie: owner.cookie },
      ],
    },
    cron: {
      goodAuth: bearer(CRON_SECRET),
      badAuth: [
        {},
        bearer("garbage"),
        bearer(`${CRON_SECRET}x`),
        { authorization: CRON_SECRET },
        { cookie: owner.cookie },
      ],
    },
    // "sign…" is a placeholder: signTwilio signs the request as finally sent.
    twilio: {
      goodAuth: { "x-twilio-signature": "sign" },
      badAuth: [
        {},
        { "x-twilio-signature": "bm90IGEgc2lnbmF0dXJl" },
        { "x-twilio-signature": "sign:other-token" },
        { "x-twilio-signature": "sign:other-url" },
      ],
      authHeaders: ["x-twilio-signature"],
      finish: signTwilio,
    },
    // Signed over the base body: any change to the body breaks the signature.
    livekit: {
      goodAuth: { authorization: await signWebhook(lkBody, lk.apiKey, lk.apiSecret) },
      badAuth: [
        {},
        { authorization: "garbage" },
        { authorization: await signWebhook(lkBody, lk.apiKey, `${lk.apiSecret}x`) },
        { authorization: await signWebhook("{}", lk.apiKey, lk.apiSecret) },
        { cookie: owner.cookie },
      ],
    },
  };

  return {
    owner,
    campaign,
    conversation,
    live,
    member,
    team,
    invitation,
    inviteToken,
    audioToken,
    lkEvent,
    creds,
    async restore() {
      process.env = { ...savedEnv };
      resetEnvCache();
      await lk.close();
    },
  };
}
