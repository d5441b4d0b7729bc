import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-6" role="status" aria-busy aria-label="Loading campaign">
      <Skeleton className="h-4 w-24" />
      <Skeleton className="h-8 w-64" />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-40 w-full" />
      ))}
    </div>
  );
}
