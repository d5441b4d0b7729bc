"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function ConversationsError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Conversations" reset={reset} />;
}
