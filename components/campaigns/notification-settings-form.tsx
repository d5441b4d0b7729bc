"use client";

// A campaign's notifications on a qualified lead: the signed webhook's URL and its signing
// secret (hidden until revealed, copyable, rotatable), and whether Slack and the owners'
// email get it too. Validated with the same schema as the server action.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import {
  rotateSigningSecretAction,
  saveNotificationSettingsAction,
} from "@/lib/actions/save-notification-settings";
import { fieldErrors } from "@/lib/errors";
import { notificationSettingsSchema } from "@/lib/validations/notifications";

export interface NotificationSettingsFormProps {
  campaignId: string;
  initial: {
    webhookUrl: string | null;
    signingSecret: string;
    slackEnabled: boolean;
    emailEnabled: boolean;
  } | null;
  /** Whether the deployment has SLACK_WEBHOOK_URL / SMTP configured. */
  slackConfigured: boolean;
  emailConfigured: boolean;
}

export function NotificationSettingsForm({
  campaignId,
  initial,
  slackConfigured,
  emailConfigured,
}: NotificationSettingsFormProps) {
  const router = useRouter();
  const [url, setUrl] = useState(initial?.webhookUrl ?? "");
  const [slack, setSlack] = useState(initial?.slackEnabled ?? false);
  const [email, setEmail] = useState(initial?.emailEnabled ?? true);
  const [secret, setSecret] = useState(initial?.signingSecret ?? null);
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | "rotated">("idle");
  const [formError, setFormError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const parsed = notificationSettingsSchema.safeParse({
      webhookUrl: url.trim(),
      slackEnabled: slack,
      emailEnabled: email,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setStatus("saving");
    const result = await saveNotificationSettingsAction({
      campaignId,
      settings: parsed.data,
    }).catch(() => null);
    if (!result?.ok) {
      setStatus("idle");
      const fields = result?.error.fields ?? {};
      setErrors(
        Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [k.replace(/^settings\./, ""), v]),
        ),
      );
      setFormError(result?.error.message ?? "Could not save the notifications. Try again.");
      return;
    }
    setSecret(result.data.signingSecret);
    setStatus("saved");
    router.refresh();
  }

  async function rotate() {
    setFormError(null);
    setStatus("saving");
    const result = await rotateSigningSecretAction({ campaignId }).catch(() => null);
    if (!result?.ok) {
      setStatus("idle");
      setFormError(result?.error.message ?? "Could not rotate the secret. Try again.");
      return;
    }
    setSecret(result.data.signingSecret);
    setRevealed(true);
    setStatus("rotated");
    router.refresh();
  }

  async function copy() {
    if (!secret) return;
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setCopied(true);
  }

  return (
    <Card className="mt-6 grid gap-6 p-6 md:grid-cols-3" data-testid="notification-settings">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">Notifications</h2>
        <p className="mt-1 text-sm text-zinc-500">
          When a lead reaches the qualify threshold, Voxline posts it as signed JSON to your
          webhook, retries failures with backoff, and logs every attempt under{" "}
          <a href="/settings/webhooks" className="text-brand-700 underline">
            Settings → Webhooks
          </a>
          .
        </p>
      </div>
      <form method="post" onSubmit={save} className="min-w-0 space-y-5 md:col-span-2" noValidate>
        <Field
          id="notify-webhook-url"
          label="Webhook URL"
          hint="https:// only. Empty turns the webhook off."
          error={errors.webhookUrl}
        >
          <Input
            id="notify-webhook-url"
            name="webhookUrl"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://example.com/hooks/voxline"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            error={errors.webhookUrl}
          />
        </Field>
        <div>
          <span className="block text-sm font-medium text-zinc-800">Signing secret</span>
          {secret ? (
            <div className="mt-1.5 flex flex-wrap items-center gap-2">
              <code
                data-testid="signing-secret"
                className="w-full min-w-0 truncate rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-xs text-zinc-700 sm:w-auto sm:flex-1"
              >
                {revealed ? secret : `whsec_${"•".repeat(24)}`}
              </code>
              <Button variant="secondary" onClick={() => setRevealed(!revealed)}>
                {revealed ? "Hide" : "Reveal"}
              </Button>
              <Button variant="secondary" onClick={copy}>
                {copied ? "Copied" : "Copy"}
              </Button>
              <Button variant="danger" disabled={status === "saving"} onClick={rotate}>
                Rotate
              </Button>
            </div>
          ) : (
            <p className="mt-1.5 text-sm text-zinc-500">
              Generated when you first save. Verify X-Voxline-Signature with it (see the README).
            </p>
          )}
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-800">Also send to</legend>
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input
              type="checkbox"
              name="slackEnabled"
              checked={slack}
              onChange={(e) => setSlack(e.target.checked)}
              className="size-4 rounded border-zinc-300"
            />
            Slack{slackConfigured ? "" : " (set SLACK_WEBHOOK_URL to enable)"}
          </label>
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            <input
              type="checkbox"
              name="emailEnabled"
              checked={email}
              onChange={(e) => setEmail(e.target.checked)}
              className="size-4 rounded border-zinc-300"
            />
            Email the workspace&apos;s owners{emailConfigured ? "" : " (set SMTP to enable)"}
          </label>
        </fieldset>
        {formError ? (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={status === "saving"}>
            {status === "saving" ? "Saving…" : "Save notifications"}
          </Button>
          {status === "saved" ? (
            <span role="status" className="text-sm text-green-700">
              Notifications saved
            </span>
          ) : status === "rotated" ? (
            <span role="status" className="text-sm text-green-700">
              New secret in use: update your receiver
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
