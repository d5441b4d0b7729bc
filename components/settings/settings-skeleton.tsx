import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const CARDS = ["first", "second"] as const;

/** A settings tab while it loads: two cards of rows. */
export function SettingsSkeleton() {
  return (
    <div className="space-y-6" aria-busy="true">
      {CARDS.map((card) => (
        <Card key={card} className="space-y-4 p-5">
          <Skeleton className="h-5 w-40" />
          <Skeleton className="h-9 w-full" />
          <Skeleton className="h-9 w-full" />
        </Card>
      ))}
    </div>
  );
}
