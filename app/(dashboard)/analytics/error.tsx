"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function AnalyticsError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Analytics" reset={reset} />;
}
