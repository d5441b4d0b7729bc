import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function CampaignsSkeleton() {
  return (
    <Card
      className="divide-y divide-zinc-100"
      role="status"
      aria-busy
      aria-label="Loading campaigns"
    >
      {[0, 1, 2].map((i) => (
        <div key={i} className="flex items-center gap-4 px-5 py-4">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-48" />
            <Skeleton className="h-3 w-72" />
          </div>
          <Skeleton className="h-5 w-16 rounded-full" />
        </div>
      ))}
    </Card>
  );
}
