import { Card } from "@/components/ui/card";

/** One titled block of the campaign form. */
export function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <Card className="grid gap-4 p-4 sm:gap-6 sm:p-6 md:grid-cols-3">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
        <p className="mt-1 text-sm text-zinc-500">{description}</p>
      </div>
      <div className="space-y-5 md:col-span-2">{children}</div>
    </Card>
  );
}
