import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

const label = "block text-sm font-medium text-zinc-800";
const PRESETS = [7, 30, 90, 180] as const;

/** The range and campaign filter: a GET form, so every view has a link. */
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
      <search>
        <form
          method="get"
          action="/analytics"
          className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap"
          aria-label="Analytics filter"
        >
          <div className="space-y-1">
            <label htmlFor="range-from" className={label}>
              From
            </label>
            <Input
              id="range-from"
              type="date"
              name="from"
              defaultValue={from}
              className="sm:w-40"
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="range-to" className={label}>
              To
            </label>
            <Input id="range-to" type="date" name="to" defaultValue={to} className="sm:w-40" />
          </div>
          <div className="col-span-2 space-y-1 sm:col-span-1">
            <label htmlFor="range-campaign" className={label}>
              Campaign
            </label>
            <Select
              id="range-campaign"
              name="campaign"
              defaultValue={campaignId ?? ""}
              className="sm:w-56"
            >
              <option value="">All campaigns</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          </div>
          <button type="submit" className={buttonClasses("primary", "col-span-2 sm:col-span-1")}>
            Apply
          </button>
        </form>
      </search>
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
