"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function WebhooksError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Webhooks" reset={reset} />;
}
