// Every API route and the methods it exports, so the proxy can answer 405 + Allow (and
// JSON) before Next.js does: Next answers an unexported method with an empty 405 and a
// method it does not know (TRACE, PROPFIND) with an empty 400. A test checks this table
// against the route files' exports, so it cannot drift.
export const API_ROUTES: Record<string, readonly string[]> = {
  "/api/auth/session": ["GET"],
  "/api/auth/sign-in": ["POST"],
  "/api/auth/sign-out": ["POST"],
  "/api/auth/sign-up": ["POST"],
  "/api/calls": ["POST"],
  "/api/calls/[id]/end": ["POST"],
  "/api/calls/[id]/events": ["GET"],
  "/api/calls/[id]/stt-token": ["POST"],
  "/api/campaigns": ["GET", "POST"],
  "/api/campaigns/[id]": ["GET", "PATCH", "DELETE"],
  "/api/campaigns/[id]/status": ["POST"],
  "/api/conversations/[id]": ["GET"],
  "/api/health": ["GET"],
  "/api/health/ai-services": ["GET"],
  "/api/health/database": ["GET"],
  "/api/health/voice": ["GET"],
  "/api/jobs/drain": ["GET", "POST"],
  "/api/livekit/token": ["POST"],
  "/api/livekit/webhook": ["POST"],
  "/api/recordings/[id]": ["GET"],
  "/api/live/calls/[id]/speech": ["POST"],
  "/api/live/stream": ["GET"],
  "/api/leads/export": ["GET"],
  "/api/telephony/audio/[token]": ["GET"],
  "/api/telephony/menu": ["POST"],
  "/api/telephony/recording": ["POST"],
  "/api/telephony/status": ["POST"],
  "/api/telephony/turn": ["POST"],
  "/api/telephony/voice": ["POST"],
  "/api/v1/campaigns": ["GET"],
  "/api/v1/conversations": ["GET"],
  "/api/v1/conversations/[id]": ["GET"],
  "/api/v1/leads": ["GET"],
  "/api/v1/openapi.json": ["GET"],
  "/api/voice/turn": ["POST"],
  "/api/voice/turn/interrupt": ["POST"],
  "/api/workspaces/current": ["POST"],
  "/api/workspaces/[id]/invitations": ["GET", "POST"],
  "/api/workspaces/[id]/invitations/[invitationId]": ["DELETE"],
  "/api/workspaces/[id]/members": ["GET"],
  "/api/workspaces/[id]/members/[userId]": ["PATCH", "DELETE"],
  "/api/workspaces/invitations/accept": ["POST"],
};

const patterns = Object.entries(API_ROUTES).map(([path, methods]) => ({
  regex: new RegExp(`^${path.replace(/\[[^\]/]+\]/g, "[^/]+")}/?$`),
  methods,
}));

/** The methods `pathname` answers (as Next serves them: HEAD with GET, OPTIONS always). */
export function allowedMethods(pathname: string): string[] | null {
  const match = patterns.find((p) => p.regex.test(pathname));
  if (!match) return null;
  const methods = new Set([...match.methods, "OPTIONS"]);
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}
