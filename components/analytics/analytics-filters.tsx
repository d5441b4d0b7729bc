import Link from "next/link";
import { Input } from "@/components/ui/field";
import { CampaignSelect, FilterBar, FilterField } from "@/components/ui/filter-bar";

const PRESETS = [7, 30, 90, 180] as const;

/** The range and campaign filter as a GET form, and links to the usual ranges. */
export function AnalyticsFilters({
  from,
  to,
  campaignId,
  campaigns,
  presetHref,
}: {
  from: string;
  to: string;
  campaignId?: string;
  campaigns: { id: string; name: string }[];
  presetHref: (days: number) => string;
}) {
  return (
    <div className="mb-6 space-y-3">
      <FilterBar
        action="/analytics"
        label="Analytics filter"
        grid="sm:flex sm:flex-wrap sm:items-end"
      >
        <FilterField id="range-from" label="From">
          <Input id="range-from" type="date" name="from" defaultValue={from} className="sm:w-40" />
        </FilterField>
        <FilterField id="range-to" label="To">
          <Input id="range-to" type="date" name="to" defaultValue={to} className="sm:w-40" />
        </FilterField>
        <FilterField id="range-campaign" label="Campaign" className="col-span-2 sm:col-span-1">
          <CampaignSelect
            id="range-campaign"
            value={campaignId}
            campaigns={campaigns}
            className="sm:w-56"
          />
        </FilterField>
      </FilterBar>
      <nav className="flex flex-wrap gap-1 text-sm" aria-label="Quick ranges">
        {PRESETS.map((d) => (
          <Link
            key={d}
            href={presetHref(d)}
            className="rounded-md border border-zinc-200 bg-white px-2.5 py-1 text-zinc-700 hover:bg-zinc-100"
          >
            Last {d} days
          </Link>
        ))}
      </nav>
    </div>
  );
}
