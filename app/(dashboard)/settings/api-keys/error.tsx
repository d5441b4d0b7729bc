"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function ApiKeysError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="API keys" reset={reset} />;
}
