// The list's filters: a plain GET form, so filtering works without JavaScript and every
// filtered view is a link the owner can share or bookmark.
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import type { ListParams } from "./list-params";

const label = "block text-xs font-medium text-zinc-600";

export function ConversationFilters({
  params,
  campaigns,
}: {
  params: ListParams;
  campaigns: { id: string; name: string }[];
}) {
  return (
    <search>
      <form
        method="get"
        action="/conversations"
        aria-label="Filter conversations"
        className="mb-4 grid grid-cols-2 gap-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-xs sm:grid-cols-3 lg:grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,1fr))_auto] lg:items-end"
      >
        <div className="col-span-2 space-y-1 sm:col-span-1">
          <label htmlFor="f-campaign" className={label}>
            Campaign
          </label>
          <Select id="f-campaign" name="campaign" defaultValue={params.campaign ?? ""}>
            <option value="">All campaigns</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="f-status" className={label}>
            Status
          </label>
          <Select id="f-status" name="status" defaultValue={params.status ?? ""}>
            <option value="">Any status</option>
            <option value="ended">Ended</option>
            <option value="active">In progress</option>
            <option value="failed">Failed</option>
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="f-channel" className={label}>
            Channel
          </label>
          <Select id="f-channel" name="channel" defaultValue={params.channel ?? ""}>
            <option value="">Web and phone</option>
            <option value="web">Web</option>
            <option value="phone">Phone</option>
          </Select>
        </div>
        <div className="space-y-1">
          <label htmlFor="f-from" className={label}>
            From
          </label>
          <Input id="f-from" name="from" type="date" defaultValue={params.from} />
        </div>
        <div className="space-y-1">
          <label htmlFor="f-to" className={label}>
            To
          </label>
          <Input id="f-to" name="to" type="date" defaultValue={params.to} />
        </div>
        <div className="col-span-2 flex gap-2 sm:col-span-1">
          <button type="submit" className={buttonClasses("primary", "flex-1 lg:flex-none")}>
            Apply
          </button>
          <Link href="/conversations" className={buttonClasses("ghost", "flex-1 lg:flex-none")}>
            Reset
          </Link>
        </div>
      </form>
    </search>
  );
}
