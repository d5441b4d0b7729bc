// What the Webhooks settings page shows: the workspace's campaign targets and the latest
// delivery attempts. Read as the signed-in user; RLS limits both to members of the workspace.
import { z } from "zod";
import { command } from "@/lib/command";
import { listDeliveries, listWebhookTargets } from "@/lib/db/queries/notifications";
import { withUser } from "@/lib/db/scoped";

export const DELIVERY_LOG_LIMIT = 100;

export const getWebhookOverview = command(
  z.strictObject({ workspaceId: z.uuid() }),
  (actor, { workspaceId }) =>
    withUser(actor.claims, async (trx) => ({
      targets: await listWebhookTargets(trx, workspaceId),
      deliveries: await listDeliveries(trx, workspaceId, DELIVERY_LOG_LIMIT),
    })),
);
