// GET /api/health — every component: database, AI providers, voice (503 on fail)
import { healthResponse, runChecks } from "@/lib/health";
import { aiServiceChecks } from "@/lib/health/ai-services";
import { databaseChecks } from "@/lib/health/database";
import { voiceChecks } from "@/lib/health/voice";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({}, async () =>
  healthResponse(
    await runChecks([...databaseChecks(), ...aiServiceChecks(), ...voiceChecks()], "Voxline"),
  ),
);
