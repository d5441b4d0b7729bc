"use client";
// The campaign form's call settings: consent notice, turn-taking preset and idle time.
import { TURN_TAKING_PRESETS } from "@/lib/validations/campaign";
import { FieldRow, NumberField, SelectField, TextField } from "./form-fields";
import { Section } from "./form-section";

const TURN_TAKING_OPTIONS = Object.entries(TURN_TAKING_PRESETS).map(([id, p]) => ({
  value: id,
  label: `${p.label} (${(p.endSilenceMs / 1000).toFixed(1)} s pause)`,
}));

export function CallExperience() {
  return (
    <Section
      title="Call experience"
      description="What callers read before they start, and how the agent takes turns with them."
    >
      <TextField
        name="flowConfig.consentNotice"
        label="Consent notice"
        hint="Shown on the call page above the Start button."
        rows={3}
        maxLength={600}
      />
      <FieldRow>
        <SelectField
          name="voiceSettings.turnTaking"
          label="Turn-taking"
          hint="How long a pause ends the caller's turn."
          options={TURN_TAKING_OPTIONS}
        />
        <NumberField
          name="voiceSettings.idleSeconds"
          label="Idle time (seconds)"
          hint="Silence before the agent checks the caller is still there."
          min={5}
          max={120}
        />
      </FieldRow>
    </Section>
  );
}
