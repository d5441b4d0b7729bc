"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { createApiKeyAction } from "@/lib/actions/create-api-key";

interface Created {
  name: string;
  secret: string;
}

/** Names a new key; its secret is shown here once, to copy, and never again. */
export function CreateApiKeyForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setPending(true);
    setError(null);
    setFieldError(undefined);
    setCopied(false);
    const result = await createApiKeyAction({ name: data.get("name") }).catch(() => null);
    setPending(false);
    if (!result?.ok) {
      setFieldError(result?.error.fields?.name);
      setError(result?.error.message ?? "Could not create the key. Try again.");
      return;
    }
    setCreated({ name: result.data.key.name, secret: result.data.secret });
    form.reset();
    router.refresh();
  }

  async function copy(secret: string) {
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setCopied(true);
  }

  return (
    <Card className="p-5">
      <h2 className="text-base font-semibold text-zinc-900">Create a key</h2>
      <p className="mt-1 text-sm text-zinc-500">
        A key reads this workspace&apos;s campaigns, conversations and leads through the API, with
        your access. Name it after what will use it.
      </p>
      <form method="post" onSubmit={onSubmit} noValidate className="mt-4">
        <div className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
          <Field id="api-key-name" label="Key name" error={fieldError}>
            <Input
              id="api-key-name"
              name="name"
              autoComplete="off"
              placeholder="CRM sync"
              maxLength={80}
              required
              error={fieldError}
            />
          </Field>
          <Button type="submit" disabled={pending}>
            {pending ? "Creating…" : "Create key"}
          </Button>
        </div>
      </form>
      {error && !fieldError ? (
        <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {created ? (
        <div
          className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm"
          data-testid="new-api-key"
        >
          <p className="font-medium text-amber-900">
            Copy the key “{created.name}” now: it will not be shown again.
          </p>
          <p className="mt-1 text-amber-800">
            Store it where your app keeps secrets. Anyone holding it can read this workspace&apos;s
            data; if it leaks, revoke it below.
          </p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row">
            <Input
              readOnly
              aria-label="New API key"
              data-testid="api-key-secret"
              value={created.secret}
              onFocus={(e) => e.currentTarget.select()}
              className="font-mono text-xs"
            />
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => copy(created.secret)}>
                {copied ? "Copied" : "Copy"}
              </Button>
              <Button variant="ghost" onClick={() => setCreated(null)}>
                Done
              </Button>
            </div>
          </div>
        </div>
      ) : null}
    </Card>
  );
}
