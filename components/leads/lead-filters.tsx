// The list's filters as a plain GET form: the URL holds the view, so it works without
// JavaScript, survives a reload and is what the CSV export link carries.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import {
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadFilter,
  URGENCY_LEVELS,
} from "@/lib/validations/lead";

const label = "mb-1 block text-xs font-medium text-zinc-600";

export function LeadFilters({
  filter,
  campaigns,
}: {
  filter: LeadFilter;
  campaigns: { id: string; name: string }[];
}) {
  return (
    <search>
      <form
        method="get"
        action="/leads"
        className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto] lg:items-end"
        data-testid="lead-filters"
      >
        <div className="col-span-2 sm:col-span-3 lg:col-span-1">
          <label htmlFor="lead-q" className={label}>
            Search
          </label>
          <Input
            id="lead-q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ""}
            placeholder="Name, email, phone or company"
            maxLength={200}
          />
        </div>
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor="lead-campaign" className={label}>
            Campaign
          </label>
          <Select id="lead-campaign" name="campaign" defaultValue={filter.campaign ?? ""}>
            <option value="">All campaigns</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="lead-status" className={label}>
            Status
          </label>
          <Select id="lead-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">Any status</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {LEAD_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="lead-urgency" className={label}>
            Urgency
          </label>
          <Select id="lead-urgency" name="urgency" defaultValue={filter.urgency ?? ""}>
            <option value="">Any urgency</option>
            {URGENCY_LEVELS.map((u) => (
              <option key={u} value={u} className="capitalize">
                {u[0]!.toUpperCase() + u.slice(1)}
              </option>
            ))}
          </Select>
        </div>
        <div className="col-span-2 sm:col-span-1">
          <label htmlFor="lead-sort" className={label}>
            Sort by
          </label>
          <Select id="lead-sort" name="sort" defaultValue={filter.sort}>
            <option value="date">Newest first</option>
            <option value="score">Highest score</option>
          </Select>
        </div>
        <div className="col-span-2 flex gap-2 lg:col-span-1">
          <button type="submit" className={buttonClasses("primary", "flex-1 lg:flex-none")}>
            Apply
          </button>
          <Link href="/leads" className={buttonClasses("ghost", "flex-1 lg:flex-none")}>
            Clear
          </Link>
        </div>
      </form>
    </search>
  );
}
