import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <Skeleton className="h-4 w-28" />
      <Skeleton className="mt-3 mb-2 h-8 w-56" />
      <Skeleton className="mb-6 h-4 w-80 max-w-full" />
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_340px]">
        <div className="space-y-4 lg:order-2">
          <Skeleton className="h-28 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
        <Card className="space-y-4 p-5 lg:order-1">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} className={i % 2 ? "ml-6 h-12" : "mr-12 h-10"} />
          ))}
        </Card>
      </div>
    </>
  );
}
