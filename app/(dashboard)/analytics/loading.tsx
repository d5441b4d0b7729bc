import { AnalyticsSkeleton } from "@/components/analytics/analytics-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <Skeleton className="mb-6 h-8 w-40" />
      <AnalyticsSkeleton />
    </>
  );
}
