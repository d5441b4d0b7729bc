import type { Metadata } from "next";
import { PageHeader } from "@/components/dashboard/page-header";
import { DeliveryLog } from "@/components/settings/delivery-log";
import { WebhookTargets } from "@/components/settings/webhook-targets";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/server";
import { DELIVERY_LOG_LIMIT, getWebhookOverview } from "@/lib/notifications/log";
import { currentActor } from "@/lib/workspaces/current";
import { atLeast } from "@/lib/workspaces/roles";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requireUser("/settings/webhooks");
  const actor = await currentActor();
  const member = atLeast(actor.workspace.role, "member");
  const overview = member
    ? await getWebhookOverview(actor, { workspaceId: actor.workspace.id })
    : null;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Where qualified leads are sent, and every delivery attempt. Receivers verify X-Voxline-Signature and dedupe on X-Voxline-Event-Id."
      />
      {overview ? (
        <div className="space-y-6">
          <WebhookTargets targets={overview.targets} />
          <DeliveryLog entries={overview.deliveries} limit={DELIVERY_LOG_LIMIT} />
        </div>
      ) : (
        <Card className="px-6 py-10 text-center text-sm text-zinc-500">
          Webhook targets and the delivery log are visible to members, admins and owners.
        </Card>
      )}
    </>
  );
}
