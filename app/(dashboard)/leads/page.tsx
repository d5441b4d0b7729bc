import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/dashboard/page-header";
import { LeadFilters } from "@/components/leads/lead-filters";
import { LeadList } from "@/components/leads/lead-list";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaigns } from "@/lib/campaigns/commands";
import { listLeadsFor } from "@/lib/leads/commands";
import { leadFilterQuery, leadPageQuerySchema } from "@/lib/validations/lead";
import { currentActor } from "@/lib/workspaces/current";

export const metadata: Metadata = { title: "Leads" };

export default async function LeadsPage({ searchParams }: PageProps<"/leads">) {
  const actor = await currentActor();
  // A malformed query string (a hand-edited URL) shows the unfiltered list.
  const parsed = leadPageQuerySchema.safeParse(await searchParams);
  const { cursor, ...filter } = parsed.success ? parsed.data : leadPageQuerySchema.parse({});
  const [page, campaigns] = await Promise.all([
    listLeadsFor(actor, filter, cursor),
    listCampaigns(actor, {}),
  ]);
  const filtered = Boolean(filter.q || filter.campaign || filter.status || filter.urgency);
  const query = leadFilterQuery(filter);
  const exportLink = (
    <a
      href={`/api/leads/export${query ? `?${query}` : ""}`}
      className={buttonClasses("secondary")}
      download
      data-testid="export-csv"
    >
      Export CSV
    </a>
  );
  return (
    <>
      <PageHeader
        title="Leads"
        description="Callers your agents scored, newest first. Work them from new to won."
        actions={exportLink}
      />
      <LeadFilters filter={filter} campaigns={campaigns} />
      {page.items.length === 0 ? (
        <Card className="px-6 py-14 text-center" data-testid="leads-empty">
          <h2 className="text-base font-semibold text-zinc-900">
            {filtered || cursor ? "No leads match" : "No leads yet"}
          </h2>
          <p className="mx-auto mt-2 max-w-sm text-sm text-zinc-500">
            {filtered || cursor
              ? "Try a different search or clear the filters."
              : "Each finished call is analysed into a lead with a score. Share a campaign's call link to get your first."}
          </p>
          {filtered || cursor ? (
            <Link href="/leads" className={buttonClasses("secondary", "mt-6")}>
              Clear filters
            </Link>
          ) : (
            <Link href="/campaigns" className={buttonClasses("secondary", "mt-6")}>
              Go to campaigns
            </Link>
          )}
        </Card>
      ) : (
        <>
          <LeadList leads={page.items} />
          <nav className="mt-4 flex items-center justify-between gap-3" aria-label="Pages">
            {cursor ? (
              <Link href={`/leads${query ? `?${query}` : ""}`} className={buttonClasses("ghost")}>
                ← First page
              </Link>
            ) : (
              <span />
            )}
            {page.nextCursor ? (
              <Link
                href={`/leads?${leadFilterQuery(filter, { cursor: page.nextCursor })}`}
                className={buttonClasses("secondary")}
                data-testid="next-page"
              >
                Next page →
              </Link>
            ) : null}
          </nav>
        </>
      )}
    </>
  );
}
