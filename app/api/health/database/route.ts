// GET /api/health/database — connectivity, migration version, future partitions
import { healthResponse, runChecks } from "@/lib/health";
import { databaseChecks } from "@/lib/health/database";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({}, async () =>
  healthResponse(await runChecks(databaseChecks(), "Voxline database")),
);
