// The route fuzz test's targets: one per route file and method under app/api, each a valid
// base request (fuzz-fixtures.ts) that the generated defects (fuzz-requests.ts) must spoil.
// The test fails when a route file or an exported method has no target here.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { campaignInput } from "./factories";
import { type FuzzFixtures, phoneCall, twilioDefects } from "./fuzz-fixtures";
import type { Target } from "./fuzz-requests";

/** Every route file under app/api, as its pattern ("/api/calls/[id]/end"). */
export async function routePatterns(): Promise<string[]> {
  const files = await readdir("app/api", { recursive: true });
  return files
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => `/api/${path.dirname(f).split(path.sep).join("/")}`)
    .sort();
}

export function fuzzTargets(f: FuzzFixtures): Target[] {
  const { owner, campaign, conversation, live, member, team, invitation, creds } = f;
  const { inviteToken, audioToken, lkEvent } = f;
  const { public: pub, owner: user, caller, apiKey, cron } = creds;
  const credentials = () => ({ email: "fuzz@example.com", password: "a long enough password" });
  const campaignBody = () => campaignInput({ name: "Fuzzed campaign" });
  const cid = { id: campaign.id };
  const teamId = { id: team.id };
  const memberIds = { id: team.id, userId: member.id };
  // Signed by Twilio over the URL and form as finally sent.
  const telephony = (
    pattern: string,
    form: () => Record<string, string>,
    query: Record<string, string> = {},
  ): Target => ({
    pattern,
    method: "POST",
    auth: "signed",
    form,
    query,
    defects: twilioDefects,
    ...creds.twilio,
  });

  return [
    { pattern: "/api/auth/sign-in", method: "POST", auth: "public", body: credentials, ...pub },
    { pattern: "/api/auth/sign-up", method: "POST", auth: "public", body: credentials, ...pub },
    { pattern: "/api/auth/sign-out", method: "POST", auth: "public", body: () => ({}), ...pub },
    {
      pattern: "/api/calls",
      method: "POST",
      auth: "public",
      body: () => ({
        campaignSlug: campaign.publicSlug,
        caller: { name: "Ann", email: "ann@example.com" },
      }),
      ...pub,
    },
    {
      pattern: "/api/calls/[id]/end",
      method: "POST",
      auth: "caller",
      params: { id: live.conversationId },
      body: () => ({ reason: "caller_hung_up" }),
      ...caller,
    },
    { pattern: "/api/campaigns", method: "GET", auth: "user", ...user },
    { pattern: "/api/campaigns", method: "POST", auth: "user", body: campaignBody, ...user },
    { pattern: "/api/campaigns/[id]", method: "GET", auth: "user", params: cid, ...user },
    {
      pattern: "/api/campaigns/[id]",
      method: "PATCH",
      auth: "user",
      params: cid,
      body: campaignBody,
      ...user,
    },
    { pattern: "/api/campaigns/[id]", method: "DELETE", auth: "user", params: cid, ...user },
    {
      pattern: "/api/campaigns/[id]/status",
      method: "POST",
      auth: "user",
      params: cid,
      body: () => ({ status: "paused" }),
      ...user,
    },
    {
      pattern: "/api/conversations/[id]",
      method: "GET",
      auth: "user",
      params: { id: conversation.id },
      ...user,
    },
    // No recording has this id: a request that is still valid after its defects is a 404.
    {
      pattern: "/api/recordings/[id]",
      method: "GET",
      auth: "user",
      params: { id: "00000000-0000-4000-8000-00000000feed" },
      ...user,
    },
    { pattern: "/api/health", method: "GET", auth: "public", ...pub },
    { pattern: "/api/health/ai-services", method: "GET", auth: "public", ...pub },
    { pattern: "/api/health/database", method: "GET", auth: "public", ...pub },
    { pattern: "/api/health/voice", method: "GET", auth: "public", ...pub },
    {
      pattern: "/api/voice/turn",
      method: "POST",
      auth: "caller",
      body: () => ({ text: "Hello there" }),
      ...caller,
    },
    {
      pattern: "/api/voice/turn/interrupt",
      method: "POST",
      auth: "caller",
      body: () => ({ seq: 2, pieceId: 0, heardText: "Hel" }),
      ...caller,
    },
    {
      pattern: "/api/workspaces/current",
      method: "POST",
      auth: "user",
      body: () => ({ workspaceId: owner.id }),
      ...user,
    },
    { pattern: "/api/auth/session", method: "GET", auth: "user", ...user },
    {
      pattern: "/api/calls/[id]/events",
      method: "GET",
      auth: "caller",
      params: { id: live.conversationId },
      query: { after: "0" },
      ...caller,
    },
    {
      pattern: "/api/calls/[id]/stt-token",
      method: "POST",
      auth: "caller",
      params: { id: live.conversationId },
      ...caller,
    },
    { pattern: "/api/jobs/drain", method: "GET", auth: "signed", ...cron },
    { pattern: "/api/jobs/drain", method: "POST", auth: "signed", ...cron },
    {
      pattern: "/api/leads/export",
      method: "GET",
      auth: "user",
      query: { q: "acme", status: "new" },
      ...user,
    },
    // It parses its body with /api/voice/turn's reader (whose WAV defects are fuzzed there):
    // here the defects land on a JSON body, which the route refuses as not an utterance.
    {
      pattern: "/api/live/calls/[id]/speech",
      method: "POST",
      auth: "user",
      params: { id: live.conversationId },
      body: () => ({ text: "Hello, this is the team." }),
      ...user,
    },
    { pattern: "/api/live/stream", method: "GET", auth: "user", ...user },
    {
      pattern: "/api/livekit/token",
      method: "POST",
      auth: "user",
      body: () => ({ conversationId: live.conversationId, mode: "listen" }),
      ...user,
    },
    // Signed over the exact bytes: any change to the body breaks the signature, while its
    // content type is LiveKit's own (application/webhook+json) and is not checked.
    {
      pattern: "/api/livekit/webhook",
      method: "POST",
      auth: "signed",
      body: () => structuredClone(lkEvent),
      query: {},
      exactType: false,
      ...creds.livekit,
    },
    // No audio row has this id: a request that is still valid after its defects is a 404.
    {
      pattern: "/api/telephony/audio/[token]",
      method: "GET",
      auth: "public",
      params: { token: audioToken },
      ...pub,
    },
    telephony("/api/telephony/voice", () => phoneCall({ CallStatus: "ringing" })),
    telephony("/api/telephony/menu", () => phoneCall({ Digits: "1" }), { attempt: "1" }),
    telephony(
      "/api/telephony/recording",
      () =>
        phoneCall({
          RecordingUrl: "https://api.twilio.com/2010-04-01/Recordings/RE1",
          RecordingDuration: "12",
        }),
      { event: "recording" },
    ),
    telephony("/api/telephony/status", () =>
      phoneCall({ CallStatus: "completed", CallDuration: "30" }),
    ),
    telephony(
      "/api/telephony/turn",
      () => phoneCall({ SpeechResult: "Hello", Confidence: "0.9" }),
      {
        step: "1",
      },
    ),
    {
      pattern: "/api/v1/campaigns",
      method: "GET",
      auth: "apiKey",
      query: { limit: "10" },
      ...apiKey,
    },
    {
      pattern: "/api/v1/conversations",
      method: "GET",
      auth: "apiKey",
      query: { limit: "10" },
      ...apiKey,
    },
    {
      pattern: "/api/v1/conversations/[id]",
      method: "GET",
      auth: "apiKey",
      params: { id: conversation.id },
      ...apiKey,
    },
    {
      pattern: "/api/v1/leads",
      method: "GET",
      auth: "apiKey",
      query: { limit: "10" },
      ...apiKey,
    },
    { pattern: "/api/v1/openapi.json", method: "GET", auth: "public", ...pub },
    {
      pattern: "/api/workspaces/[id]/members",
      method: "GET",
      auth: "user",
      params: teamId,
      ...user,
    },
    {
      pattern: "/api/workspaces/[id]/members/[userId]",
      method: "PATCH",
      auth: "user",
      params: memberIds,
      body: () => ({ role: "admin" }),
      ...user,
    },
    {
      pattern: "/api/workspaces/[id]/members/[userId]",
      method: "DELETE",
      auth: "user",
      params: memberIds,
      ...user,
    },
    {
      pattern: "/api/workspaces/[id]/invitations",
      method: "GET",
      auth: "user",
      params: teamId,
      ...user,
    },
    {
      pattern: "/api/workspaces/[id]/invitations",
      method: "POST",
      auth: "user",
      params: teamId,
      body: () => ({ email: "new-teammate@example.com", role: "member" }),
      ...user,
    },
    {
      pattern: "/api/workspaces/[id]/invitations/[invitationId]",
      method: "DELETE",
      auth: "user",
      params: { id: team.id, invitationId: invitation.id },
      ...user,
    },
    {
      pattern: "/api/workspaces/invitations/accept",
      method: "POST",
      auth: "user",
      body: () => ({ token: inviteToken }),
      ...creds.invitee,
    },
    // Every request to an unknown path is a JSON 404, whatever else is wrong with it.
    {
      pattern: "/api/[...path]",
      path: "/api/no-such-route",
      method: "GET",
      auth: "public",
      ...pub,
    },
  ];
}
