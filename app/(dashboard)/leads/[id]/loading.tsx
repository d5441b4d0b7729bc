import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" aria-busy aria-label="Loading lead">
      <Skeleton className="mb-3 h-4 w-16" />
      <Skeleton className="mb-6 h-8 w-56" />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="space-y-3 p-5">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-4 w-full" />
          ))}
        </Card>
        <Card className="space-y-3 p-5">
          <Skeleton className="h-5 w-24" />
          <Skeleton className="h-9 w-full" />
        </Card>
      </div>
    </div>
  );
}
