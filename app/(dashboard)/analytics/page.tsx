import type { Metadata } from "next";
import Link from "next/link";
import { AnalyticsFilters } from "@/components/analytics/analytics-filters";
import { CallsChart } from "@/components/analytics/calls-chart";
import { CampaignTable } from "@/components/analytics/campaign-table";
import { DailyNumbers } from "@/components/analytics/daily-numbers";
import { fmtDay } from "@/components/analytics/format";
import { KpiTiles } from "@/components/analytics/kpi-tiles";
import { ScoreChart } from "@/components/analytics/score-chart";
import { ScoreNumbers } from "@/components/analytics/score-numbers";
import { PageHeader } from "@/components/dashboard/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { listCampaigns } from "@/lib/campaigns/commands";
import { readAnalytics } from "@/lib/db/queries/analytics";
import { analyticsRange, isoDate } from "@/lib/validations/analytics";
import { currentActor } from "@/lib/workspaces/current";

export const metadata: Metadata = { title: "Analytics" };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card className="p-4 sm:p-5">
      <h2 className="mb-3 text-sm font-semibold text-zinc-900">{title}</h2>
      {children}
    </Card>
  );
}

export default async function AnalyticsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await currentActor();
  const range = analyticsRange(await searchParams);
  const campaigns = await listCampaigns(actor, {});
  const campaign = campaigns.find((c) => c.id === range.campaignId);
  const data = await readAnalytics(actor.claims, {
    workspaceId: actor.workspaceId,
    start: range.start,
    end: range.end,
    campaignId: campaign?.id,
  });
  const presetHref = (days: number) => {
    const to = isoDate(new Date());
    const from = isoDate(new Date(Date.now() - (days - 1) * 86_400_000));
    const q = new URLSearchParams({ from, to, ...(campaign ? { campaign: campaign.id } : {}) });
    return `/analytics?${q}`;
  };
  const thresholds = new Set(data.campaigns.map((c) => c.threshold));
  const threshold = thresholds.size === 1 ? [...thresholds][0]! : null;
  return (
    <>
      <PageHeader
        title="Analytics"
        description={
          <>
            {campaign ? campaign.name : "All campaigns"}, {fmtDay(range.from)} – {fmtDay(range.to)}{" "}
            {range.to.slice(0, 4)} ({range.days} days, UTC). Preview calls are not counted.
          </>
        }
      />
      <AnalyticsFilters
        from={range.from}
        to={range.to}
        campaignId={campaign?.id}
        campaigns={campaigns.map((c) => ({ id: c.id, name: c.name }))}
        presetHref={presetHref}
      />
      {range.notice ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
          {range.notice}
        </p>
      ) : null}
      {data.overall.calls === 0 ? (
        <Card className="px-6 py-14 text-center" data-testid="analytics-empty">
          <h2 className="text-base font-semibold text-zinc-900">
            {campaigns.length ? "No calls in this range" : "No calls yet"}
          </h2>
          <p className="mx-auto mt-2 max-w-sm text-sm text-zinc-500">
            {campaigns.length
              ? "Try a longer range or another campaign. Calls show up here as soon as they start."
              : "Create a campaign and share its call link: its calls, costs and leads are charted here."}
          </p>
          <div className="mt-6">
            <Link
              href={campaigns.length ? presetHref(180) : "/campaigns"}
              className={buttonClasses("secondary")}
            >
              {campaigns.length ? "Show the last 180 days" : "Go to campaigns"}
            </Link>
          </div>
        </Card>
      ) : (
        <div className="space-y-6">
          <KpiTiles m={data.overall} />
          <Section title="Calls per day">
            <div className="grid gap-4 lg:grid-cols-[1fr_13rem]">
              <CallsChart days={data.days} />
              <DailyNumbers days={data.days} />
            </div>
          </Section>
          <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
            <Section title="Lead score distribution">
              <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
                <ScoreChart buckets={data.scores} threshold={threshold} />
                <ScoreNumbers buckets={data.scores} />
              </div>
            </Section>
            <Section title="Outcomes">
              <Outcomes m={data.overall} />
            </Section>
          </div>
          <Section title="By campaign">
            <CampaignTable campaigns={data.campaigns} />
          </Section>
        </div>
      )}
    </>
  );
}

function Outcomes({ m }: { m: Parameters<typeof KpiTiles>[0]["m"] }) {
  const rows = [
    ["Completed", m.completed, "bg-brand-600", "Ended by the agent or by the caller hanging up"],
    ["Abandoned", m.abandoned, "bg-indigo-300", "Caller went silent, closed the page or left"],
    ["Failed", m.failed, "bg-red-400", "An error, or a phone call that never connected"],
    ["In progress", m.active, "bg-zinc-300", "Still active"],
  ] as const;
  return (
    <ul className="space-y-3 text-sm" data-testid="outcomes">
      {rows.map(([label, n, color, hint]) => (
        <li key={label}>
          <div className="flex items-baseline justify-between gap-2">
            <span className="font-medium text-zinc-800">{label}</span>
            <span className="tabular-nums text-zinc-700">
              {n.toLocaleString("en")}{" "}
              <span className="text-xs text-zinc-400">
                ({m.calls ? ((n / m.calls) * 100).toFixed(1) : "0.0"}%)
              </span>
            </span>
          </div>
          <div className="mt-1 h-2 rounded-full bg-zinc-100">
            <div
              className={`h-2 rounded-full ${color}`}
              style={{ width: `${m.calls ? (n / m.calls) * 100 : 0}%` }}
            />
          </div>
          <p className="mt-0.5 text-xs text-zinc-500">{hint}</p>
        </li>
      ))}
    </ul>
  );
}
