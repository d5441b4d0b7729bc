"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function MembersError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Members" reset={reset} />;
}
