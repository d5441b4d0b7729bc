import Link from "next/link";
import { Card } from "@/components/ui/card";

export default function CampaignNotFound() {
  return (
    <Card className="px-6 py-12 text-center">
      <h2 className="text-base font-semibold text-zinc-900">Campaign not found</h2>
      <p className="mt-2 text-sm text-zinc-500">
        It may have been removed, or it belongs to another account.
      </p>
      <Link
        href="/campaigns"
        className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline"
      >
        Back to campaigns
      </Link>
    </Card>
  );
}
