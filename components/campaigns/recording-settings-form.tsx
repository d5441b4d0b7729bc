"use client";

// A campaign's "Recordings & retention" card: record each turn's audio (off by default; the
// caller's consent notice then says so) and how many days conversations are kept.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { saveRecordingSettingsAction } from "@/lib/actions/save-recording-settings";
import { fieldErrors } from "@/lib/errors";
import {
  MAX_RETENTION_DAYS,
  RECORDING_NOTICE,
  type RecordingSettings,
  recordingSettingsSchema,
} from "@/lib/validations/recordings";

export interface RecordingSettingsFormProps {
  campaignId: string;
  initial: RecordingSettings;
  /** Retention deletes history: only admins change it; members see it read-only. */
  canSetRetention: boolean;
}

export function RecordingSettingsForm({
  campaignId,
  initial,
  canSetRetention,
}: RecordingSettingsFormProps) {
  const router = useRouter();
  const [recordCalls, setRecordCalls] = useState(initial.recordCalls);
  const [days, setDays] = useState(initial.retentionDays?.toString() ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<"idle" | "saving" | "saved">("idle");
  const [formError, setFormError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    setFormError(null);
    const parsed = recordingSettingsSchema.safeParse({
      recordCalls,
      retentionDays: days.trim() === "" ? null : Number(days),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setStatus("idle");
      return;
    }
    setErrors({});
    setStatus("saving");
    const result = await saveRecordingSettingsAction({ campaignId, settings: parsed.data }).catch(
      () => null,
    );
    if (!result?.ok) {
      setStatus("idle");
      const fields = result?.error.fields ?? {};
      setErrors(
        Object.fromEntries(
          Object.entries(fields).map(([k, v]) => [k.replace(/^settings\./, ""), v]),
        ),
      );
      setFormError(result?.error.message ?? "Could not save the settings. Try again.");
      return;
    }
    setStatus("saved");
    router.refresh();
  }

  return (
    <Card className="mt-6 grid gap-6 p-6 md:grid-cols-3">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">Recordings &amp; retention</h2>
        <p className="mt-1 text-sm text-zinc-500">
          Keep each turn&apos;s audio, playable in the conversation&apos;s timeline, and delete old
          calls automatically.
        </p>
      </div>
      <form method="post" onSubmit={save} className="space-y-5 md:col-span-2" noValidate>
        <div className="space-y-1.5">
          <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
            <input
              type="checkbox"
              name="recordCalls"
              checked={recordCalls}
              onChange={(e) => {
                setRecordCalls(e.target.checked);
                setStatus("idle");
              }}
              className="size-4 rounded border-zinc-300"
            />
            Record calls
          </label>
          <p className="text-xs text-zinc-500">
            Stores the caller&apos;s and the agent&apos;s audio of every turn. The caller&apos;s
            consent notice then ends with &ldquo;{RECORDING_NOTICE}&rdquo;, and only callers shown
            it are recorded. Typed turns have no caller audio.
          </p>
        </div>
        <Field
          id="retention-days"
          label="Keep conversations for (days)"
          hint={
            canSetRetention
              ? `Older conversations, with their transcripts, leads and recordings, are deleted automatically. Empty keeps them. 1–${MAX_RETENTION_DAYS}.`
              : "Older conversations are deleted automatically. Only workspace admins change this."
          }
          error={errors.retentionDays}
        >
          <Input
            id="retention-days"
            name="retentionDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_RETENTION_DAYS}
            placeholder="Keep forever"
            className="max-w-40"
            disabled={!canSetRetention}
            value={days}
            onChange={(e) => {
              setDays(e.target.value);
              setStatus("idle");
            }}
            error={errors.retentionDays}
          />
        </Field>
        {formError ? (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={status === "saving"}>
            {status === "saving" ? "Saving…" : "Save recording settings"}
          </Button>
          {status === "saved" ? (
            <span role="status" className="text-sm text-green-700">
              Recording settings saved
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
