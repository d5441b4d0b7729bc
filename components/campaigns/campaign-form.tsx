"use client";
// The campaign editor. react-hook-form validates with the schema the server actions and the
// REST API parse (campaignInputSchema), so a typo is caught before the round trip and a
// server rejection lands on the same fields. A failed save, client or server side, moves
// focus and scroll to the first field in error. Without JavaScript the form still posts to a
// server action (saveCampaignFormAction) and the page comes back with its answer.
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { type FieldErrors, FormProvider, set, useForm } from "react-hook-form";
import { createCampaignAction } from "@/lib/actions/create-campaign";
import { saveCampaignFormAction } from "@/lib/actions/save-campaign-form";
import { updateCampaignAction } from "@/lib/actions/update-campaign";
import { LANGUAGES, VOICES } from "@/lib/campaigns/voices";
import { type CampaignInput, campaignInputSchema } from "@/lib/validations/campaign";
import {
  type CampaignFormOutput,
  type CampaignFormValues,
  placeServerErrors,
  toFormValues,
} from "@/lib/validations/campaign-form";
import { CallExperience } from "./call-experience";
import {
  countFieldErrors,
  FieldRow,
  FirstErrorContext,
  NumberField,
  SelectField,
  TextField,
} from "./form-fields";
import { Section } from "./form-section";
import { LeadFields } from "./lead-fields";
import { QuestionsField } from "./questions-field";
import { SaveBar, type SaveStatus } from "./save-bar";

const VOICE_OPTIONS = Object.entries(VOICES).map(([value, v]) => ({ value, label: v.label }));
const LANGUAGE_OPTIONS = Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }));

/** Placed server errors as react-hook-form's nested errors; a list's own error goes on `root`. */
function nestErrors(errors: readonly (readonly [string, string])[]) {
  const nested: FieldErrors<CampaignFormValues> = {};
  for (const [path, message] of errors) {
    set(nested, path === "flowConfig.questions" ? `${path}.root` : path, {
      type: "server",
      message,
    });
  }
  return nested;
}

const countErrors = (n: number) =>
  n === 1 ? "1 field needs attention." : `${n} fields need attention.`;

export function CampaignForm({
  campaignId,
  initial,
  savedAt,
}: {
  campaignId?: string;
  initial: CampaignInput;
  /** When the campaign was last saved (ISO); absent for a new one. */
  savedAt?: string;
}) {
  const router = useRouter();
  // Only a form posted without JavaScript comes back through here; with it, onValid saves.
  const [posted, postAction] = useActionState(saveCampaignFormAction, { status: "idle" });
  const rejected = posted.status === "error" ? posted : undefined;
  const placed = useMemo(
    () =>
      rejected &&
      placeServerErrors(rejected.fields, rejected.values.flowConfig.questions?.length ?? 0),
    [rejected],
  );
  const postedErrors = useMemo(() => placed && nestErrors(placed.errors), [placed]);

  const form = useForm<CampaignFormValues, unknown, CampaignFormOutput>({
    resolver: zodResolver(campaignInputSchema),
    defaultValues: toFormValues(rejected?.values ?? initial),
    errors: postedErrors,
    mode: "onSubmit",
    reValidateMode: "onChange",
    shouldFocusError: false, // focus goes to the first error in page order, below
  });
  const { formState } = form;

  const [lastSaved, setLastSaved] = useState(posted.status === "saved" ? posted.savedAt : savedAt);
  const [message, setMessage] = useState<string | null>(
    rejected && !placed?.errors.length ? rejected.message : null,
  );
  const [leaving, setLeaving] = useState(false);

  const formRef = useRef<HTMLFormElement>(null);
  const focusPending = useRef(false);
  // After a failed save: once the errors are on the page, the first one in page order (or the
  // message, when no field is to blame) takes focus and is scrolled to the middle of the screen.
  useEffect(() => {
    if (!focusPending.current) return;
    const target = formRef.current?.querySelector<HTMLElement>(
      '[aria-invalid="true"], [data-form-error]',
    );
    if (!target) return;
    focusPending.current = false;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });

  const failed = (why: string | null) => {
    setMessage(why);
    focusPending.current = true;
  };

  async function onValid(values: CampaignFormOutput) {
    setMessage(null);
    try {
      const result = campaignId
        ? await updateCampaignAction({ id: campaignId, ...values })
        : await createCampaignAction(values);
      if (!result.ok) {
        const { errors, other } = placeServerErrors(
          result.error.fields ?? {},
          values.flowConfig.questions.length,
        );
        for (const [path, msg] of errors) {
          const name = path === "flowConfig.questions" ? `${path}.root` : path;
          form.setError(name as "name", { type: "server", message: msg });
        }
        failed(errors.length ? (other[0] ?? null) : result.error.message);
        return;
      }
      if (!campaignId) {
        setLeaving(true);
        router.push(`/campaigns/${result.data.id}`);
        return;
      }
      form.reset(toFormValues(result.data));
      setLastSaved(new Date(result.data.updatedAt).toISOString());
      router.refresh(); // the page header shows the name
    } catch {
      failed("Could not save. Check your connection and try again.");
    }
  }

  const errorCount = countFieldErrors(formState.errors);
  const status: SaveStatus =
    formState.isSubmitting || leaving
      ? { kind: "saving" }
      : formState.isDirty
        ? { kind: "dirty" }
        : lastSaved
          ? { kind: "saved", at: lastSaved }
          : { kind: "new" };
  const firstPostedError = placed?.errors[0]?.[0];

  return (
    <FormProvider {...form}>
      <FirstErrorContext value={firstPostedError}>
        <form
          ref={formRef}
          action={postAction}
          onSubmit={form.handleSubmit(onValid, () => failed(null))}
          noValidate
          className="space-y-6"
          aria-describedby="form-error"
        >
          {campaignId ? <input type="hidden" name="id" value={campaignId} /> : null}
          <Section title="Basics" description="What the campaign is called in your dashboard.">
            <TextField
              name="name"
              label="Campaign name"
              maxLength={120}
              placeholder="Spring kitchen remodel leads"
            />
            <TextField
              name="description"
              label="Description"
              hint="Optional. Only you see it."
              rows={2}
            />
          </Section>

          <Section
            title="Agent"
            description="Who the agent is, how it opens the call and how it says goodbye."
          >
            <TextField
              name="flowConfig.persona"
              label="Persona"
              hint="Instructions for the agent: who it represents, tone, what it must not promise."
              rows={4}
            />
            <TextField name="flowConfig.firstMessage" label="First message" rows={2} />
            <TextField name="flowConfig.closingMessage" label="Closing message" rows={2} />
          </Section>

          <Section
            title="Qualification"
            description="Questions the agent asks, in order. A lead's score is the weighted share of questions answered."
          >
            <QuestionsField />
            <NumberField
              name="flowConfig.qualifyThreshold"
              label="Qualify threshold"
              hint="A lead scoring at least this (1–100) is qualified and triggers the campaign's notifications."
              min={1}
              max={100}
            />
          </Section>

          <Section
            title="Lead fields"
            description="Details the agent must collect before ending the call."
          >
            <LeadFields />
          </Section>

          <Section
            title="Voice"
            description="How the agent sounds. Each voice maps to the closest one of every speech provider."
          >
            <FieldRow className="sm:grid-cols-[2fr_1.5fr_1fr]">
              <SelectField name="voiceSettings.voice" label="Voice" options={VOICE_OPTIONS} />
              <SelectField
                name="voiceSettings.language"
                label="Language"
                options={LANGUAGE_OPTIONS}
              />
              <NumberField
                name="voiceSettings.speed"
                label="Speed"
                hint="0.5 – 2.0"
                min={0.5}
                max={2}
                step={0.1}
              />
            </FieldRow>
          </Section>

          <CallExperience />

          <SaveBar
            status={status}
            error={errorCount ? countErrors(errorCount) : message}
            label={campaignId ? "Save changes" : "Create campaign"}
          />
        </form>
      </FirstErrorContext>
    </FormProvider>
  );
}
