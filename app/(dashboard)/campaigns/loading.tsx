import { CampaignsSkeleton } from "@/components/campaigns/campaigns-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <Skeleton className="mb-6 h-8 w-40" />
      <CampaignsSkeleton />
    </>
  );
}
