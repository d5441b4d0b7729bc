import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** Before the call: who you are calling, what happens to the call, and Start. */
export function ConsentCard({
  name,
  notice,
  preview,
  error,
  onStart,
}: {
  name: string;
  notice: string;
  preview: boolean;
  error: { message: string; retry: boolean } | null;
  onStart: () => void;
}) {
  return (
    <Card className="p-6 sm:p-8">
      {preview ? (
        <div className="mb-4">
          <Badge tone="amber">Preview · stored as a test call</Badge>
        </div>
      ) : null}
      <p className="text-sm font-medium text-brand-600">Voice call</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">{name}</h1>
      <section
        aria-labelledby="consent-title"
        className="mt-6 rounded-md bg-zinc-50 p-4 ring-1 ring-zinc-200"
      >
        <h2 id="consent-title" className="text-sm font-semibold text-zinc-900">
          Before you start
        </h2>
        <p className="mt-1 text-sm leading-6 text-zinc-700" data-testid="consent-notice">
          {notice}
        </p>
        <p className="mt-2 text-xs text-zinc-500">
          Your browser will ask to use the microphone. You can also type instead.
        </p>
      </section>
      {error ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error.message}
        </p>
      ) : null}
      <Button className="mt-6 h-11 w-full text-base" onClick={onStart}>
        {error?.retry ? "Try again" : "Start the call"}
      </Button>
      <p className="mt-3 text-center text-xs text-zinc-500">
        By starting, you agree to the notice above.
      </p>
    </Card>
  );
}
