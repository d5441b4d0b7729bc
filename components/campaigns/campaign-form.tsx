"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { createCampaignAction } from "@/lib/actions/create-campaign";
import { updateCampaignAction } from "@/lib/actions/update-campaign";
import { fieldErrors } from "@/lib/errors";
import {
  type CampaignInput,
  campaignInputSchema,
  LEAD_FIELDS,
  type Question,
} from "@/lib/validations/campaign";
import { LANGUAGES, VOICES } from "@/lib/voice/voices";

type FormState = {
  name: string;
  description: string;
  voiceSettings: { voice: string; language: string; speed: number };
  flowConfig: {
    persona: string;
    firstMessage: string;
    closingMessage: string;
    questions: Question[];
    requiredFields: string[];
  };
};

const LEAD_FIELD_LABELS: Record<string, string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  company: "Company",
};

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <Card className="grid gap-6 p-6 md:grid-cols-3">
      <div>
        <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
        <p className="mt-1 text-sm text-zinc-500">{description}</p>
      </div>
      <div className="space-y-5 md:col-span-2">{children}</div>
    </Card>
  );
}

let nextQuestion = 0;
const newQuestionId = (existing: Question[]) => {
  let id: string;
  do id = `q${++nextQuestion}`;
  while (existing.some((q) => q.id === id));
  return id;
};

export function CampaignForm({
  campaignId,
  initial,
}: {
  campaignId?: string;
  initial: CampaignInput;
}) {
  const router = useRouter();
  const [state, setState] = useState<FormState>(initial as FormState);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);

  const flow = state.flowConfig;
  const setFlow = (patch: Partial<FormState["flowConfig"]>) =>
    setState((s) => ({ ...s, flowConfig: { ...s.flowConfig, ...patch } }));
  const setVoice = (patch: Partial<FormState["voiceSettings"]>) =>
    setState((s) => ({ ...s, voiceSettings: { ...s.voiceSettings, ...patch } }));
  const setQuestion = (index: number, patch: Partial<Question>) =>
    setFlow({ questions: flow.questions.map((q, i) => (i === index ? { ...q, ...patch } : q)) });

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFormError(null);
    // The same schema the server action uses: instant messages, and no round trip for typos.
    const parsed = campaignInputSchema.safeParse(state);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      setFormError("Some fields need attention.");
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const result = campaignId
        ? await updateCampaignAction({ id: campaignId, ...parsed.data })
        : await createCampaignAction(parsed.data);
      if (!result.ok) {
        setErrors(result.error.fields ?? {});
        setFormError(result.error.message);
        return;
      }
      if (campaignId) {
        setSaved(true);
        router.refresh();
      } else {
        router.push(`/campaigns/${result.data.id}`);
      }
    } catch {
      setFormError("Could not save. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <Section title="Basics" description="What the campaign is called in your dashboard.">
        <Field id="name" label="Campaign name" error={errors.name}>
          <Input
            id="name"
            value={state.name}
            maxLength={120}
            onChange={(e) => setState({ ...state, name: e.target.value })}
            placeholder="Spring kitchen remodel leads"
            error={errors.name}
          />
        </Field>
        <Field
          id="description"
          label="Description"
          hint="Optional. Only you see it."
          error={errors.description}
        >
          <Textarea
            id="description"
            rows={2}
            value={state.description}
            onChange={(e) => setState({ ...state, description: e.target.value })}
            error={errors.description}
          />
        </Field>
      </Section>

      <Section
        title="Agent"
        description="Who the agent is, how it opens the call and how it says goodbye."
      >
        <Field
          id="persona"
          label="Persona"
          hint="Instructions for the agent: who it represents, tone, what it must not promise."
          error={errors["flowConfig.persona"]}
        >
          <Textarea
            id="persona"
            rows={4}
            value={flow.persona}
            onChange={(e) => setFlow({ persona: e.target.value })}
            error={errors["flowConfig.persona"]}
          />
        </Field>
        <Field id="firstMessage" label="First message" error={errors["flowConfig.firstMessage"]}>
          <Textarea
            id="firstMessage"
            rows={2}
            value={flow.firstMessage}
            onChange={(e) => setFlow({ firstMessage: e.target.value })}
            error={errors["flowConfig.firstMessage"]}
          />
        </Field>
        <Field
          id="closingMessage"
          label="Closing message"
          error={errors["flowConfig.closingMessage"]}
        >
          <Textarea
            id="closingMessage"
            rows={2}
            value={flow.closingMessage}
            onChange={(e) => setFlow({ closingMessage: e.target.value })}
            error={errors["flowConfig.closingMessage"]}
          />
        </Field>
      </Section>

      <Section
        title="Qualification"
        description="Questions the agent asks, in order. A lead's score is the weighted share of questions answered."
      >
        {flow.questions.length === 0 ? (
          <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500">
            No questions yet. Add one to start scoring leads.
          </p>
        ) : (
          <ol className="space-y-4">
            {flow.questions.map((q, i) => (
              <li key={q.id} className="flex items-start gap-3">
                <span className="mt-2 w-5 text-sm text-zinc-400">{i + 1}.</span>
                <div className="flex-1">
                  <Field
                    id={`question-${i}`}
                    label={`Question ${i + 1}`}
                    error={errors[`flowConfig.questions.${i}.text`]}
                  >
                    <Input
                      id={`question-${i}`}
                      value={q.text}
                      onChange={(e) => setQuestion(i, { text: e.target.value })}
                      error={errors[`flowConfig.questions.${i}.text`]}
                    />
                  </Field>
                </div>
                <div className="w-24">
                  <Field
                    id={`weight-${i}`}
                    label="Weight"
                    error={errors[`flowConfig.questions.${i}.weight`]}
                  >
                    <Input
                      id={`weight-${i}`}
                      type="number"
                      min={1}
                      max={10}
                      value={Number.isNaN(q.weight) ? "" : q.weight}
                      onChange={(e) => setQuestion(i, { weight: e.target.valueAsNumber })}
                      error={errors[`flowConfig.questions.${i}.weight`]}
                    />
                  </Field>
                </div>
                <Button
                  variant="ghost"
                  className="mt-6 px-2"
                  aria-label={`Remove question ${i + 1}`}
                  onClick={() => setFlow({ questions: flow.questions.filter((_, j) => j !== i) })}
                >
                  ✕
                </Button>
              </li>
            ))}
          </ol>
        )}
        {errors["flowConfig.questions"] ? (
          <p role="alert" className="text-sm text-red-600">
            {errors["flowConfig.questions"]}
          </p>
        ) : null}
        <Button
          variant="secondary"
          disabled={flow.questions.length >= 20}
          onClick={() =>
            setFlow({
              questions: [
                ...flow.questions,
                { id: newQuestionId(flow.questions), text: "", weight: 3 },
              ],
            })
          }
        >
          Add question
        </Button>
      </Section>

      <Section
        title="Lead fields"
        description="Details the agent must collect before ending the call."
      >
        <fieldset className="grid grid-cols-2 gap-3">
          <legend className="sr-only">Required lead fields</legend>
          {LEAD_FIELDS.map((field) => (
            <label key={field} className="flex items-center gap-2 text-sm text-zinc-800">
              <input
                type="checkbox"
                className="size-4 rounded border-zinc-300 accent-brand-600"
                checked={flow.requiredFields.includes(field)}
                onChange={(e) =>
                  setFlow({
                    requiredFields: e.target.checked
                      ? LEAD_FIELDS.filter((f) => f === field || flow.requiredFields.includes(f))
                      : flow.requiredFields.filter((f) => f !== field),
                  })
                }
              />
              {LEAD_FIELD_LABELS[field]}
            </label>
          ))}
        </fieldset>
      </Section>

      <Section
        title="Voice"
        description="How the agent sounds. Each voice maps to the closest one of every speech provider."
      >
        <div className="grid gap-5 sm:grid-cols-[2fr_1.5fr_1fr]">
          <Field id="voice" label="Voice" error={errors["voiceSettings.voice"]}>
            <Select
              id="voice"
              value={state.voiceSettings.voice}
              onChange={(e) => setVoice({ voice: e.target.value })}
            >
              {Object.entries(VOICES).map(([id, v]) => (
                <option key={id} value={id}>
                  {v.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="language" label="Language" error={errors["voiceSettings.language"]}>
            <Select
              id="language"
              value={state.voiceSettings.language}
              onChange={(e) => setVoice({ language: e.target.value })}
            >
              {Object.entries(LANGUAGES).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="speed" label="Speed" hint="0.5 – 2.0" error={errors["voiceSettings.speed"]}>
            <Input
              id="speed"
              type="number"
              step={0.1}
              min={0.5}
              max={2}
              value={Number.isNaN(state.voiceSettings.speed) ? "" : state.voiceSettings.speed}
              onChange={(e) => setVoice({ speed: e.target.valueAsNumber })}
              error={errors["voiceSettings.speed"]}
            />
          </Field>
        </div>
      </Section>

      <div className="flex items-center justify-end gap-4">
        {formError ? (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        ) : saved ? (
          <p role="status" className="text-sm text-emerald-700">
            Saved.
          </p>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : campaignId ? "Save changes" : "Create campaign"}
        </Button>
      </div>
    </form>
  );
}
