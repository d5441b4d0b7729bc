import { Card } from "@/components/ui/card";

/** A friendly dead end: unknown, paused or retired call links. */
export function Unavailable({ title, body }: { title: string; body: string }) {
  return (
    <Card className="p-8 text-center" data-testid="call-unavailable">
      <div
        aria-hidden
        className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-zinc-100 text-2xl"
      >
        ☎
      </div>
      <h1 className="text-xl font-semibold text-zinc-900">{title}</h1>
      <p className="mt-2 text-sm text-zinc-600">{body}</p>
    </Card>
  );
}
