// POST /api/voice/turn — one caller turn, streamed back as NDJSON (see lib/voice/pipeline.ts)
import { callKey, loadCall } from "@/lib/db/queries/calls";
import { withServiceRole } from "@/lib/db/scoped";
import { AppError } from "@/lib/errors";
import { keepAlive } from "@/lib/http/keep-alive";
import { route } from "@/lib/http/route";
import { setConversationId } from "@/lib/observability/context";
import { clientIp, enforceRateLimit } from "@/lib/ratelimit";
import { requireCallToken, signCallToken } from "@/lib/voice/call-token";
import { endCall } from "@/lib/voice/calls";
import { beginTranscript, runTurn } from "@/lib/voice/pipeline";
import { getProviders } from "@/lib/voice/providers";
import { replayTurn } from "@/lib/voice/replay";
import { readIdempotencyKey, readTurnInput } from "@/lib/voice/turn-input";
import { turnStore } from "@/lib/voice/turn-store";

export const maxDuration = 60;

export const POST = route(async (req) => {
  const claims = await requireCallToken(req);
  setConversationId(claims.sub);
  await enforceRateLimit("voiceTurn", clientIp(req));
  const idempotencyKey = readIdempotencyKey(req);
  const input = await readTurnInput(req);
  const receivedAt = performance.now();
  const providers = getProviders();
  if (input.audio && !providers.stt && !input.transcript) {
    throw new AppError(
      "invalid_input",
      "No speech-to-text is configured: send the browser's transcript with the audio",
      422,
    );
  }

  // Transcription starts now, while the call is loaded and checked.
  const key = callKey(claims);
  const abort = new AbortController();
  const loading = withServiceRole("voice turn for the call-token holder", (trx) =>
    loadCall(trx, key),
  );
  const transcript = beginTranscript(
    providers,
    { text: input.text ?? (providers.stt ? undefined : input.transcript), audio: input.audio },
    claims.lng,
    abort.signal,
  );
  transcript.promise.catch(() => {}); // observed by the pipeline; this only silences an early abort
  const call = await loading.catch((error) => {
    abort.abort();
    throw error;
  });
  const reject = (error: AppError) => {
    abort.abort();
    return error;
  };
  if (!call) throw reject(new AppError("unauthorized", "This call no longer exists", 401));
  if (call.status !== "active") throw reject(new AppError("conflict", "This call has ended", 409));

  const callToken = await signCallToken(claims);
  const prior = idempotencyKey && call.turns.find((t) => t.idempotency_key === idempotencyKey);
  if (prior) {
    abort.abort();
    return replayTurn(call, prior, callToken);
  }
  const { stream, finished } = runTurn({
    call,
    transcript,
    receivedAt,
    idempotencyKey,
    callToken,
    providers,
    store: turnStore(call.owner_id, key),
    onEndCall: (reason) => endCall(key, reason, providers),
  });
  keepAlive(finished);
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store",
      "x-call-token": callToken,
    },
  });
});
