"use client";

// The plumbing the campaign page's settings cards share (phone, notifications, recordings):
// a card with its heading beside the form, and a save that checks the draft with the
// server's schema, calls the server action, maps its field errors back (without the
// action's "settings." prefix), says what went wrong, and refreshes the page once saved.
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import type { ZodType } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ActionResult } from "@/lib/actions/run-action";
import { fieldErrors } from "@/lib/errors";

export type SaveStatus = "idle" | "saving" | "saved";

export function useSettingsSave<T, R>({
  schema,
  action,
  failure,
  onSaved,
}: {
  schema: ZodType<T>;
  action: (settings: T) => Promise<ActionResult<R>>;
  /** Said when the action fails without a message (the network, a crash). */
  failure: string;
  onSaved?: (data: R) => void;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [formError, setFormError] = useState<string | null>(null);

  /** The form's submit handler for the current draft. */
  async function save(event: FormEvent, draft: unknown) {
    event.preventDefault();
    setFormError(null);
    const parsed = schema.safeParse(draft);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setStatus("idle");
      return;
    }
    setErrors({});
    setStatus("saving");
    const result = await action(parsed.data).catch(() => null);
    if (!result?.ok) {
      setStatus("idle");
      setErrors(
        Object.fromEntries(
          Object.entries(result?.error.fields ?? {}).map(([k, v]) => [
            k.replace(/^settings\./, ""),
            v,
          ]),
        ),
      );
      setFormError(result?.error.message ?? failure);
      return;
    }
    onSaved?.(result.data);
    setStatus("saved");
    router.refresh();
  }

  /**
   * Another action of the card (remove, rotate): busy while it runs, its failure said.
   * Resolves to the action's success, or null when it failed.
   */
  async function run<D>(work: () => Promise<ActionResult<D>>, failed: string) {
    setFormError(null);
    setStatus("saving");
    const result = await work().catch(() => null);
    setStatus("idle");
    if (!result?.ok) {
      setFormError(result?.error.message ?? failed);
      return null;
    }
    router.refresh();
    return result;
  }

  return { errors, status, setStatus, formError, save, run };
}

/** A settings card: what it is on the left, its form on the right (below on a phone). */
export function SettingsCard({
  title,
  description,
  testId,
  children,
}: {
  title: string;
  description: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Card className="mt-6 grid gap-6 p-6 md:grid-cols-3" data-testid={testId}>
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
        <div className="mt-1 text-sm text-zinc-500">{description}</div>
      </div>
      {children}
    </Card>
  );
}

/** The form's last lines: what failed, the save button, other actions, and what was done. */
export function SaveRow({
  status,
  formError,
  label,
  done,
  children,
}: {
  status: SaveStatus;
  formError: string | null;
  /** The button, e.g. "Save phone settings". */
  label: string;
  /** The status line once done, e.g. "Phone settings saved". */
  done: string | null;
  children?: ReactNode;
}) {
  return (
    <>
      {formError ? (
        <p role="alert" className="text-sm text-red-600">
          {formError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={status === "saving"}>
          {status === "saving" ? "Saving…" : label}
        </Button>
        {children}
        {done ? (
          <span role="status" className="text-sm text-green-700">
            {done}
          </span>
        ) : null}
      </div>
    </>
  );
}
