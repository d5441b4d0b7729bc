import type { Metadata } from "next";
import Link from "next/link";
import { ConversationTable } from "@/components/conversations/conversation-table";
import { ConversationFilters } from "@/components/conversations/filters";
import { listHref, parseListParams, toListInput } from "@/components/conversations/list-params";
import { Pagination } from "@/components/conversations/pagination";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaignOptions, listConversations } from "@/lib/db/queries/conversation-list";
import { withUser } from "@/lib/db/scoped";
import { currentActor } from "@/lib/workspaces/current";

export const metadata: Metadata = { title: "Conversations" };

const PAGE_SIZE = 25;

export default async function ConversationsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await currentActor();
  const params = parseListParams(await searchParams);
  const [page, campaigns] = await withUser(actor.claims, async (trx) => [
    await listConversations(trx, toListInput(params, actor.workspaceId, PAGE_SIZE)),
    await listCampaignOptions(trx, actor.workspaceId),
  ]);
  const filtered =
    Boolean(params.campaign || params.status || params.channel) ||
    Object.keys(await searchParams).some((k) => k === "from" || k === "to");
  return (
    <>
      <PageHeader
        title="Conversations"
        description={`Calls from ${params.from} to ${params.to} (UTC), newest first.`}
      />
      {params.notices.map((n) => (
        <p
          key={n}
          role="status"
          className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800"
        >
          {n}
        </p>
      ))}
      {campaigns.length === 0 && page.items.length === 0 && !filtered ? (
        <EmptyState hasCampaigns={false} />
      ) : (
        <>
          <ConversationFilters params={params} campaigns={campaigns} />
          {page.items.length === 0 ? (
            filtered || params.after || params.before ? (
              <Card className="px-6 py-12 text-center">
                <h2 className="text-base font-semibold text-zinc-900">No calls match</h2>
                <p className="mx-auto mt-2 max-w-sm text-sm text-zinc-500">
                  Try a wider date range or clear the filters.
                </p>
                <Link href="/conversations" className={buttonClasses("secondary", "mt-5")}>
                  Clear filters
                </Link>
              </Card>
            ) : (
              <EmptyState hasCampaigns />
            )
          ) : (
            <>
              <ConversationTable items={page.items} />
              <Pagination
                newer={page.prevCursor ? listHref(params, { before: page.prevCursor }) : null}
                older={page.nextCursor ? listHref(params, { after: page.nextCursor }) : null}
              />
            </>
          )}
        </>
      )}
    </>
  );
}

function EmptyState({ hasCampaigns }: { hasCampaigns: boolean }) {
  return (
    <Card className="px-6 py-14 text-center">
      <h2 className="text-base font-semibold text-zinc-900">No calls yet</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-zinc-500">
        {hasCampaigns
          ? "Share a campaign's call link (on its page) with your callers. Every call shows up here with its transcript, costs and the lead it produced."
          : "Create a campaign, then share its call link with your callers. Every call shows up here with its transcript, costs and the lead it produced."}
      </p>
      <Link href="/campaigns" className={buttonClasses("primary", "mt-6")}>
        {hasCampaigns ? "Get a call link" : "Create a campaign"}
      </Link>
    </Card>
  );
}
