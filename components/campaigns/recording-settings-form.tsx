"use client";

// A campaign's "Recordings & retention" card: record each turn's audio (off by default; the
// caller's consent notice then says so) and how many days conversations are kept.
import { useState } from "react";
import { Field, Input } from "@/components/ui/field";
import { saveRecordingSettingsAction } from "@/lib/actions/save-recording-settings";
import {
  MAX_RETENTION_DAYS,
  RECORDING_NOTICE,
  type RecordingSettings,
  recordingSettingsSchema,
} from "@/lib/validations/recordings";
import { SaveRow, SettingsCard, useSettingsSave } from "./settings-card";

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
  const [recordCalls, setRecordCalls] = useState(initial.recordCalls);
  const [days, setDays] = useState(initial.retentionDays?.toString() ?? "");
  const { errors, status, setStatus, formError, save } = useSettingsSave({
    schema: recordingSettingsSchema,
    action: (settings) => saveRecordingSettingsAction({ campaignId, settings }),
    failure: "Could not save the settings. Try again.",
  });

  return (
    <SettingsCard
      title="Recordings & retention"
      description="Keep each turn's audio, playable in the conversation's timeline, and delete old calls automatically."
    >
      <form
        method="post"
        onSubmit={(e) =>
          save(e, { recordCalls, retentionDays: days.trim() === "" ? null : Number(days) })
        }
        className="space-y-5 md:col-span-2"
        noValidate
      >
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
        <SaveRow
          status={status}
          formError={formError}
          label="Save recording settings"
          done={status === "saved" ? "Recording settings saved" : null}
        />
      </form>
    </SettingsCard>
  );
}
