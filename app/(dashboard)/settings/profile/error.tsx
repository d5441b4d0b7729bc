"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function ProfileError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Your profile" reset={reset} />;
}
