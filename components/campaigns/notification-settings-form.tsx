"use client";

// A campaign's notifications on a qualified lead: the signed webhook's URL and its signing
// secret (hidden until revealed, copyable, rotatable), and whether Slack and the owners'
// email get it too. Validated with the same schema as the server action.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import {
  rotateSigningSecretAction,
  saveNotificationSettingsAction,
} from "@/lib/actions/save-notification-settings";
import { notificationSettingsSchema } from "@/lib/validations/notifications";
import { SaveRow, SettingsCard, useSettingsSave } from "./settings-card";

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
  const [url, setUrl] = useState(initial?.webhookUrl ?? "");
  const [slack, setSlack] = useState(initial?.slackEnabled ?? false);
  const [email, setEmail] = useState(initial?.emailEnabled ?? true);
  const [secret, setSecret] = useState(initial?.signingSecret ?? null);
  const [revealed, setRevealed] = useState(false);
  const [copied, setCopied] = useState(false);
  const [rotated, setRotated] = useState(false);
  const { errors, status, formError, save, run } = useSettingsSave({
    schema: notificationSettingsSchema,
    action: (settings) => saveNotificationSettingsAction({ campaignId, settings }),
    failure: "Could not save the notifications. Try again.",
    onSaved: (data) => setSecret(data.signingSecret),
  });

  async function rotate() {
    setRotated(false);
    const done = await run(
      () => rotateSigningSecretAction({ campaignId }),
      "Could not rotate the secret. Try again.",
    );
    if (!done) return;
    setSecret(done.data.signingSecret);
    setRevealed(true);
    setRotated(true);
  }

  async function copy() {
    if (!secret) return;
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setCopied(true);
  }

  return (
    <SettingsCard
      title="Notifications"
      testId="notification-settings"
      description={
        <>
          When a lead reaches the qualify threshold, Voxline posts it as signed JSON to your
          webhook, retries failures with backoff, and logs every attempt under{" "}
          <a href="/settings/webhooks" className="text-brand-700 underline">
            Settings → Webhooks
          </a>
          .
        </>
      }
    >
      <form
        method="post"
        onSubmit={(e) => {
          setRotated(false);
          return save(e, { webhookUrl: url.trim(), slackEnabled: slack, emailEnabled: email });
        }}
        className="min-w-0 space-y-5 md:col-span-2"
        noValidate
      >
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
        <SaveRow
          status={status}
          formError={formError}
          label="Save notifications"
          done={
            status === "saved"
              ? "Notifications saved"
              : rotated && status === "idle"
                ? "New secret in use: update your receiver"
                : null
          }
        />
      </form>
    </SettingsCard>
  );
}
