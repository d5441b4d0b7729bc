// GET /api/health/ai-services — each configured AI provider answers (cached 30 s)
import { healthResponse, runChecks } from "@/lib/health";
import { aiServiceChecks } from "@/lib/health/ai-services";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({}, async () =>
  healthResponse(await runChecks(aiServiceChecks(), "Voxline AI providers")),
);
