"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function ConversationError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="This conversation" reset={reset} />;
}
