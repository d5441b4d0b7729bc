"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function LeadsError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Leads" reset={reset} />;
}
