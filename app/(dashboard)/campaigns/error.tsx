"use client";

import { LoadError } from "@/components/dashboard/load-error";

export default function CampaignsError({ reset }: { error: Error; reset: () => void }) {
  return <LoadError what="Campaigns" reset={reset} />;
}
