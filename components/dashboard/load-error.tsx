"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** A dashboard page's error boundary: what failed, and a retry. */
export function LoadError({ what, reset }: { what: string; reset: () => void }) {
  return (
    <Card className="px-6 py-12 text-center" role="alert">
      <h2 className="text-base font-semibold text-zinc-900">{what} could not be loaded</h2>
      <p className="mt-2 text-sm text-zinc-500">
        This is usually temporary. Try again in a moment.
      </p>
      <Button variant="secondary" className="mt-6" onClick={reset}>
        Try again
      </Button>
    </Card>
  );
}
