"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function LeadError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="This lead" reset={reset} />;
}
