"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function LiveError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Live calls" reset={reset} />;
}
