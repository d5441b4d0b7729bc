import { Badge } from "@/components/ui/badge";
import type { CampaignStatus } from "@/lib/validations/campaign";

const tone = { draft: "gray", active: "green", paused: "amber", archived: "gray" } as const;
const label = { draft: "Draft", active: "Active", paused: "Paused", archived: "Archived" } as const;

export function StatusBadge({ status }: { status: CampaignStatus }) {
  return <Badge tone={tone[status]}>{label[status]}</Badge>;
}
