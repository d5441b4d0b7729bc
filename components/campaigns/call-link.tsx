"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The public call link, with a copy button. Built from the page's own origin. */
export function CallLink({ slug, live }: { slug: string; live: boolean }) {
  const [copied, setCopied] = useState(false);
  const path = `/call/${slug}`;
  const url = typeof window === "undefined" ? path : `${window.location.origin}${path}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <code
        className="rounded-md bg-zinc-100 px-2 py-1 text-sm text-zinc-800"
        data-testid="call-link"
        suppressHydrationWarning
      >
        {url}
      </code>
      <Button
        variant="secondary"
        className="h-7 px-2 text-xs"
        onClick={async () => {
          await navigator.clipboard?.writeText(url).catch(() => null);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? "Copied" : "Copy"}
      </Button>
      {!live ? (
        <span className="text-xs text-zinc-500">
          Callers can use the link once the campaign is active.
        </span>
      ) : null}
    </div>
  );
}
