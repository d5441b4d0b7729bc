// The workspace's campaigns that have notifications set up, with where each one sends.
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { WebhookTarget } from "@/lib/db/queries/notifications";

export function WebhookTargets({ targets }: { targets: WebhookTarget[] }) {
  return (
    <Card>
      <div className="border-b border-zinc-100 px-5 py-4">
        <h2 className="text-sm font-semibold text-zinc-900">Webhook targets</h2>
        <p className="mt-1 text-sm text-zinc-500">
          Set on each campaign&apos;s page, under Notifications.
        </p>
      </div>
      {targets.length === 0 ? (
        <p className="px-5 py-8 text-center text-sm text-zinc-500" data-testid="targets-empty">
          No campaign sends notifications yet. Open a{" "}
          <Link href="/campaigns" className="text-brand-700 underline">
            campaign
          </Link>{" "}
          and add a webhook URL.
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {targets.map((t) => (
            <li
              key={t.campaignId}
              className="grid gap-1 px-5 py-3 sm:grid-cols-[12rem_1fr_auto] sm:items-center sm:gap-4"
            >
              <Link
                href={`/campaigns/${t.campaignId}`}
                className="truncate text-sm font-medium text-zinc-900 hover:underline"
              >
                {t.campaignName}
              </Link>
              <span className="min-w-0 truncate font-mono text-xs text-zinc-600">
                {t.webhookUrl ?? "No webhook"}
              </span>
              <span className="flex gap-1.5">
                {t.slackEnabled ? <Badge tone="blue">Slack</Badge> : null}
                {t.emailEnabled ? <Badge>Email</Badge> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
