// The list's filters (campaign, status, channel, date range) as a GET form.

import { Input, Select } from "@/components/ui/field";
import { CampaignSelect, FilterBar, FilterField } from "@/components/ui/filter-bar";
import type { ListParams } from "./list-params";

export function ConversationFilters({
  params,
  campaigns,
}: {
  params: ListParams;
  campaigns: { id: string; name: string }[];
}) {
  return (
    <FilterBar
      action="/conversations"
      label="Filter conversations"
      grid="mb-4 sm:grid-cols-3 lg:grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,1fr))_auto]"
      reset={{ href: "/conversations", label: "Reset" }}
    >
      <FilterField id="f-campaign" label="Campaign" className="col-span-2 sm:col-span-1">
        <CampaignSelect id="f-campaign" value={params.campaign} campaigns={campaigns} />
      </FilterField>
      <FilterField id="f-status" label="Status">
        <Select id="f-status" name="status" defaultValue={params.status ?? ""}>
          <option value="">Any status</option>
          <option value="ended">Ended</option>
          <option value="active">In progress</option>
          <option value="failed">Failed</option>
        </Select>
      </FilterField>
      <FilterField id="f-channel" label="Channel">
        <Select id="f-channel" name="channel" defaultValue={params.channel ?? ""}>
          <option value="">Web and phone</option>
          <option value="web">Web</option>
          <option value="phone">Phone</option>
        </Select>
      </FilterField>
      <FilterField id="f-from" label="From">
        <Input id="f-from" name="from" type="date" defaultValue={params.from} />
      </FilterField>
      <FilterField id="f-to" label="To">
        <Input id="f-to" name="to" type="date" defaultValue={params.to} />
      </FilterField>
    </FilterBar>
  );
}
