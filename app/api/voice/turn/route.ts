// POST /api/voice/turn — one caller turn, streamed back as NDJSON (engine: lib/voice/engine)
import { keepAlive } from "@/lib/http/keep-alive";
import { ndjsonResponse } from "@/lib/http/ndjson";
import { route } from "@/lib/http/route";
import { signCallToken } from "@/lib/voice/call-token";
import { endCall } from "@/lib/voice/calls";
import { beginTurn } from "@/lib/voice/engine/begin";
import { getProviders } from "@/lib/voice/providers";
import { eventsOf } from "@/lib/voice/replay";
import { callerInput, readIdempotencyKey, readTurnInput } from "@/lib/voice/turn-input";

export const maxDuration = 60;

// The body is JSON or multipart (a WAV), so it is parsed here, not by a zod body option.
export const POST = route({ auth: "caller", rateLimit: "voiceTurn" }, async ({ req, caller }) => {
  const idempotencyKey = readIdempotencyKey(req) ?? null;
  const providers = getProviders();
  const input = callerInput(await readTurnInput(req), providers.stt !== null);
  const begun = await beginTurn({
    claims: caller,
    input,
    idempotencyKey,
    providers,
    receivedAt: performance.now(),
    onEndCall: (reason) => endCall(caller, reason, providers),
  });
  const callToken = await signCallToken(caller);
  if (begun.kind === "replay") return ndjsonResponse(eventsOf(begun.events), callToken);
  keepAlive(begun.turn.finished);
  return ndjsonResponse(begun.turn.events, callToken, begun.turn.cancel);
});
