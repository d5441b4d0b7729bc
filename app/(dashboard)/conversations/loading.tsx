import { ConversationsSkeleton } from "@/components/conversations/conversations-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <>
      <Skeleton className="mb-2 h-8 w-48" />
      <Skeleton className="mb-6 h-4 w-72" />
      <Skeleton className="mb-4 h-16 w-full" />
      <ConversationsSkeleton />
    </>
  );
}
