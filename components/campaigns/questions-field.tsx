"use client";
// The qualification questions: one card per question (text; weight, what qualifies and
// keywords beneath it), stacked on a phone. Adding focuses the new question; removing moves
// focus to the question that took its place, so the list is usable from the keyboard alone.
import { useContext, useState } from "react";
import { useController, useFieldArray, useFormContext, useFormState } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import {
  type CampaignFormValues,
  newQuestionId,
  parseKeywords,
  questionValues,
} from "@/lib/validations/campaign-form";
import {
  errorMessage,
  FirstErrorContext,
  fieldId,
  NumberField,
  SelectField,
  TextField,
} from "./form-fields";

const MAX_QUESTIONS = 20;

const QUALIFY_OPTIONS = [
  { value: "", label: "Any answer" },
  { value: "yes", label: "A yes" },
  { value: "no", label: "A no" },
];

/** Focuses an element once React has rendered it. */
const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

export function QuestionsField() {
  const { control, getValues } = useFormContext<CampaignFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "flowConfig.questions" });
  const { errors } = useFormState({ control, name: "flowConfig.questions" });
  // The list's own error ("ids must be unique", "at most 20"), not one of a question's fields.
  const listError = errorMessage(
    (errors.flowConfig?.questions as { root?: unknown; message?: string } | undefined)?.root ??
      (errors.flowConfig?.questions?.message ? errors.flowConfig.questions : undefined),
  );

  function add() {
    const index = fields.length;
    append(
      questionValues({ id: newQuestionId(getValues("flowConfig.questions")), text: "", weight: 3 }),
      { shouldFocus: false },
    );
    focusSoon(fieldId(`flowConfig.questions.${index}.text`));
  }

  function removeAt(index: number) {
    remove(index);
    const next = Math.min(index, fields.length - 2);
    focusSoon(next >= 0 ? fieldId(`flowConfig.questions.${next}.text`) : "add-question");
  }

  return (
    <div className="space-y-4">
      {fields.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500">
          No questions yet. Add one to start scoring leads.
        </p>
      ) : (
        <ol className="space-y-4">
          {fields.map((item, i) => (
            <li
              key={item.id}
              className="relative rounded-lg border border-zinc-200 bg-zinc-50/60 p-3 sm:p-4"
              data-testid="question"
            >
              <QuestionRow index={i} onRemove={() => removeAt(i)} />
            </li>
          ))}
        </ol>
      )}
      {listError ? (
        <p
          id="flowConfig-questions-error"
          role="alert"
          tabIndex={-1}
          data-form-error
          className="text-sm text-red-600"
        >
          {listError}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          id="add-question"
          variant="secondary"
          disabled={fields.length >= MAX_QUESTIONS}
          onClick={add}
        >
          Add question
        </Button>
        <span className="text-xs text-zinc-500">
          {fields.length} of {MAX_QUESTIONS}
        </span>
      </div>
    </div>
  );
}

function QuestionRow({ index, onRemove }: { index: number; onRemove: () => void }) {
  const n = index + 1;
  const at = `flowConfig.questions.${index}` as const;
  const { field: idField } = useController<CampaignFormValues>({ name: `${at}.id` });
  return (
    // A group named after the question: its weight, keywords... are announced as "Question 2".
    // min-w-0: a fieldset is at least as wide as its content, which would overflow a phone.
    <fieldset aria-label={`Question ${n}`} className="min-w-0 space-y-4">
      {/* The question's id travels with a form posted without JavaScript. */}
      <input type="hidden" name={idField.name} value={String(idField.value ?? "")} />
      <TextField name={`${at}.text`} label={`Question ${n}`} maxLength={300} />
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-[6rem_11rem_minmax(0,1fr)]">
        <NumberField name={`${at}.weight`} label="Weight" min={1} max={10} />
        <SelectField name={`${at}.qualifyIf`} label="Qualifies on" options={QUALIFY_OPTIONS} />
        <div className="col-span-2 sm:col-span-1">
          <KeywordsField index={index} />
        </div>
      </div>
      {/* Shown beside the "Question 2" label, so the text gets the card's full width; last in
          tab order, after the question's fields. */}
      <Button
        variant="ghost"
        className="absolute top-2 right-2 h-8 px-2 text-zinc-500"
        aria-label={`Remove question ${n}`}
        onClick={onRemove}
      >
        <span aria-hidden>✕</span>
        <span className="hidden sm:inline">Remove</span>
      </Button>
    </fieldset>
  );
}

/** Keywords typed as "roof, gutters": the box keeps the text as typed, the form the word list. */
function KeywordsField({ index }: { index: number }) {
  const name = `flowConfig.questions.${index}.keywords` as const;
  const { field, fieldState } = useController<CampaignFormValues>({ name });
  const words = (field.value as string[] | undefined) ?? [];
  const [text, setText] = useState(() => words.join(", "));
  // Reset from outside (a save normalises the list): show the form's words again.
  const shown = sameWords(parseKeywords(text) ?? [], words) ? text : words.join(", ");
  const id = fieldId(name);
  const error = errorMessage(fieldState.error);
  const autoFocus = useContext(FirstErrorContext) === name || undefined;
  return (
    <Field id={id} label="Keywords" hint="Optional, comma separated." error={error}>
      <Input
        id={id}
        name={field.name}
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          field.onChange(parseKeywords(e.target.value));
        }}
        onBlur={field.onBlur}
        error={error}
        autoFocus={autoFocus}
        placeholder="e.g. roof, gutters"
      />
    </Field>
  );
}

const sameWords = (a: string[], b: string[]) =>
  a.length === b.length && a.every((w, i) => w === b[i]);
