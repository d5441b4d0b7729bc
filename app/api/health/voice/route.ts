// GET /api/health/voice — LiveKit answers, the local synthesizer speaks
import { healthResponse, runChecks } from "@/lib/health";
import { voiceChecks } from "@/lib/health/voice";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({}, async () =>
  healthResponse(await runChecks(voiceChecks(), "Voxline voice")),
);
