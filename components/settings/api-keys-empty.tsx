import { Card } from "@/components/ui/card";

export function ApiKeysEmpty({ canManage }: { canManage: boolean }) {
  return (
    <Card className="px-6 py-10 text-center" data-testid="api-keys-empty">
      <h2 className="text-base font-semibold text-zinc-900">No API keys yet</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-zinc-500">
        {canManage
          ? "Create a key to read this workspace's conversations and leads from your CRM, a script or a spreadsheet."
          : "An owner or admin of this workspace can create keys for the API."}
      </p>
    </Card>
  );
}
