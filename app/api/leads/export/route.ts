// GET /api/leads/export?q=&campaign=&status=&urgency=&sort= — the current workspace's leads
// matching the list's filters as a streamed CSV (UTF-8 with BOM), for any member, viewers
// included (they may read leads). RLS scopes every batch to the signed-in user.
import { publicOrigin } from "@/lib/env";
import { route } from "@/lib/http/route";
import { exportFileName, leadsCsvStream } from "@/lib/leads/export";
import { leadExportQuerySchema } from "@/lib/validations/lead";
import { resolveActor } from "@/lib/workspaces/current";

export const GET = route(
  { auth: "user", query: leadExportQuerySchema },
  async ({ user, cookies, query }) => {
    const actor = await resolveActor(user, cookies.jar);
    return new Response(leadsCsvStream(actor, query, publicOrigin()), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${exportFileName()}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);
