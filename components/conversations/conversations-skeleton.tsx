import { Skeleton } from "@/components/ui/skeleton";

export function ConversationsSkeleton() {
  return (
    <div
      className="overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs"
      role="status"
      aria-busy
      aria-label="Loading conversations"
    >
      {[0, 1, 2, 3, 4, 5, 6, 7].map((i) => (
        <div key={i} className="flex items-center gap-4 border-b border-zinc-100 px-4 py-3.5">
          <Skeleton className="h-3.5 w-24" />
          <Skeleton className="h-3.5 flex-1" />
          <Skeleton className="hidden h-3.5 w-16 md:block" />
          <Skeleton className="h-5 w-9" />
        </div>
      ))}
    </div>
  );
}
