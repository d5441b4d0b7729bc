import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function LiveSkeleton() {
  return (
    <>
      <Skeleton className="mb-2 h-8 w-24" />
      <Skeleton className="mb-6 h-4 w-80 max-w-full" />
      <div className="grid gap-4 lg:grid-cols-2">
        {[0, 1].map((i) => (
          <Card key={i} className="space-y-3 p-5">
            <Skeleton className="h-5 w-48" />
            <Skeleton className="h-24 w-full" />
            <Skeleton className="h-9 w-28" />
          </Card>
        ))}
      </div>
    </>
  );
}
