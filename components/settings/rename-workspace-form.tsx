"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { renameWorkspaceAction } from "@/lib/actions/rename-workspace";

/** Owners and admins rename a shared workspace; the header's switcher follows. */
export function RenameWorkspaceForm({ name }: { name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    setSaved(false);
    const result = await renameWorkspaceAction({ name: data.get("name") }).catch(() => null);
    setPending(false);
    if (!result?.ok) {
      setError(
        result?.error.fields?.name ?? result?.error.message ?? "Could not rename. Try again.",
      );
      return;
    }
    setSaved(true);
    router.refresh();
  }

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      className="border-t border-zinc-100 px-5 py-4"
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
        <Field id="workspace-name" label="Rename the workspace" error={error ?? undefined}>
          <Input
            id="workspace-name"
            name="name"
            defaultValue={name}
            maxLength={80}
            required
            error={error ?? undefined}
            onChange={() => setSaved(false)}
          />
        </Field>
        <Button type="submit" variant="secondary" disabled={pending}>
          {pending ? "Saving…" : "Save name"}
        </Button>
      </div>
      {saved ? (
        <p role="status" className="mt-2 text-sm text-emerald-700">
          Renamed.
        </p>
      ) : null}
    </form>
  );
}
