// The list's filters as a GET form: the URL holds the view, which is also what the CSV
// export link carries.

import { Input, Select } from "@/components/ui/field";
import { CampaignSelect, FilterBar, FilterField } from "@/components/ui/filter-bar";
import {
  LEAD_STATUS_LABELS,
  LEAD_STATUSES,
  type LeadFilter,
  URGENCY_LEVELS,
} from "@/lib/validations/lead";

export function LeadFilters({
  filter,
  campaigns,
}: {
  filter: LeadFilter;
  campaigns: { id: string; name: string }[];
}) {
  return (
    <FilterBar
      action="/leads"
      label="Filter leads"
      grid="mb-4 sm:grid-cols-3 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))_auto]"
      reset={{ href: "/leads", label: "Clear" }}
      actionsClassName="col-span-2 lg:col-span-1"
      testId="lead-filters"
    >
      <FilterField id="lead-q" label="Search" className="col-span-2 sm:col-span-3 lg:col-span-1">
        <Input
          id="lead-q"
          name="q"
          type="search"
          defaultValue={filter.q ?? ""}
          placeholder="Name, email, phone or company"
          maxLength={200}
        />
      </FilterField>
      <FilterField id="lead-campaign" label="Campaign" className="col-span-2 sm:col-span-1">
        <CampaignSelect id="lead-campaign" value={filter.campaign} campaigns={campaigns} />
      </FilterField>
      <FilterField id="lead-status" label="Status">
        <Select id="lead-status" name="status" defaultValue={filter.status ?? ""}>
          <option value="">Any status</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {LEAD_STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField id="lead-urgency" label="Urgency">
        <Select id="lead-urgency" name="urgency" defaultValue={filter.urgency ?? ""}>
          <option value="">Any urgency</option>
          {URGENCY_LEVELS.map((u) => (
            <option key={u} value={u}>
              {u[0]!.toUpperCase() + u.slice(1)}
            </option>
          ))}
        </Select>
      </FilterField>
      <FilterField id="lead-sort" label="Sort by" className="col-span-2 sm:col-span-1">
        <Select id="lead-sort" name="sort" defaultValue={filter.sort}>
          <option value="date">Newest first</option>
          <option value="score">Highest score</option>
        </Select>
      </FilterField>
    </FilterBar>
  );
}
