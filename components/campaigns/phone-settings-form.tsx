"use client";

// A campaign's phone settings: the Twilio number that answers for it, the consent message
// spoken first, and an optional keypad menu. Validated with the same schema as the server.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import {
  removePhoneSettingsAction,
  savePhoneSettingsAction,
} from "@/lib/actions/save-phone-settings";
import {
  DEFAULT_PHONE_CONSENT,
  MENU_ACTIONS,
  type MenuAction,
  type PhoneSettings,
  phoneSettingsSchema,
} from "@/lib/validations/phone";
import { SaveRow, SettingsCard, useSettingsSave } from "./settings-card";

const LABELS: Record<MenuAction, string> = {
  agent: "Talk to the assistant",
  sales: "Transfer to sales",
  support: "Transfer to support",
  voicemail: "Leave a voicemail",
};
const DEFAULT_KEYS: Record<MenuAction, string> = {
  agent: "1",
  sales: "2",
  support: "3",
  voicemail: "9",
};

export interface PhoneSettingsFormProps {
  campaignId: string;
  initial: PhoneSettings | null;
  /** Where Twilio reaches this deployment (APP_URL), for the console's webhook fields. */
  webhookOrigin: string;
  /** The workspace's numbers this campaign may take (free ones and its own). */
  assigned: string[];
}

export function PhoneSettingsForm({
  campaignId,
  initial,
  webhookOrigin,
  assigned,
}: PhoneSettingsFormProps) {
  const menu = initial?.menu ?? null;
  const [number, setNumber] = useState(initial?.number ?? "");
  const [consent, setConsent] = useState(initial?.consentMessage ?? "");
  const [menuOn, setMenuOn] = useState(menu !== null);
  const [keys, setKeys] = useState<Record<MenuAction, string>>(() => {
    const chosen = { agent: "", sales: "", support: "", voicemail: "" };
    if (!menu) return { ...DEFAULT_KEYS, sales: "", support: "" };
    for (const o of menu.options) chosen[o.action] = o.digit;
    return chosen;
  });
  const [sales, setSales] = useState(menu?.salesNumber ?? "");
  const [support, setSupport] = useState(menu?.supportNumber ?? "");
  const [timeout, setTimeoutSeconds] = useState(String(menu?.timeoutSeconds ?? 5));
  const { errors, status, formError, save, run } = useSettingsSave({
    schema: phoneSettingsSchema,
    action: (settings) => savePhoneSettingsAction({ campaignId, settings }),
    failure: "Could not save the phone settings. Try again.",
  });

  const draft = () => ({
    number: number.trim(),
    consentMessage: consent.trim() || undefined,
    menu: menuOn
      ? {
          options: MENU_ACTIONS.filter((a) => keys[a]).map((a) => ({ digit: keys[a], action: a })),
          salesNumber: sales.trim() || undefined,
          supportNumber: support.trim() || undefined,
          timeoutSeconds: Number(timeout),
        }
      : null,
  });

  async function remove() {
    const removed = await run(
      () => removePhoneSettingsAction({ campaignId }),
      "Could not remove the number. Try again.",
    );
    if (removed) setNumber("");
  }

  const err = (path: string) => errors[path];
  return (
    <SettingsCard
      title="Phone"
      description={
        <>
          <p>
            Answer a Twilio number with this campaign&apos;s agent. In the Twilio console, set the
            number&apos;s voice webhook and status callback (HTTP POST) to:
          </p>
          <dl className="mt-2 space-y-1 break-all font-mono text-xs text-zinc-600">
            <dt className="sr-only">Voice webhook</dt>
            <dd>{webhookOrigin}/api/telephony/voice</dd>
            <dt className="sr-only">Status callback</dt>
            <dd>{webhookOrigin}/api/telephony/status</dd>
          </dl>
        </>
      }
    >
      <form
        method="post"
        onSubmit={(e) => save(e, draft())}
        className="space-y-5 md:col-span-2"
        noValidate
      >
        <Field
          id="phone-number"
          label="Twilio number"
          hint={
            assigned.length > 0
              ? `One of this workspace's numbers: ${assigned.join(", ")}`
              : "No number is assigned to this workspace yet. Whoever runs this Voxline deployment assigns them (npm run telephony:numbers)."
          }
          error={err("number")}
        >
          <Input
            id="phone-number"
            name="number"
            list="phone-number-options"
            inputMode="tel"
            autoComplete="off"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            error={err("number")}
          />
          <datalist id="phone-number-options">
            {assigned.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </Field>
        <Field
          id="phone-consent"
          label="Consent message"
          hint="Spoken first on every call. Empty uses the default."
          error={err("consentMessage")}
        >
          <Textarea
            id="phone-consent"
            name="consentMessage"
            rows={3}
            placeholder={DEFAULT_PHONE_CONSENT}
            value={consent}
            onChange={(e) => setConsent(e.target.value)}
            error={err("consentMessage")}
          />
        </Field>
        <label className="flex items-center gap-2 text-sm font-medium text-zinc-800">
          <input
            type="checkbox"
            name="menuEnabled"
            checked={menuOn}
            onChange={(e) => setMenuOn(e.target.checked)}
            className="size-4 rounded border-zinc-300"
          />
          Keypad menu before the agent
        </label>
        {menuOn ? (
          <fieldset className="space-y-3 rounded-md border border-zinc-200 p-4">
            <legend className="px-1 text-xs text-zinc-500">
              Callers who press nothing hear the menu once more, then go to voicemail.
            </legend>
            {err("menu.options") ? (
              <p role="alert" className="text-sm text-red-600">
                {err("menu.options")}
              </p>
            ) : null}
            {MENU_ACTIONS.map((action) => (
              <div key={action} className="grid items-end gap-3 sm:grid-cols-[1fr_6rem_12rem]">
                <span className="text-sm text-zinc-700 sm:pb-2">{LABELS[action]}</span>
                <Field id={`menu-${action}`} label="Key">
                  <Select
                    id={`menu-${action}`}
                    name={`menu.${action}`}
                    value={keys[action]}
                    onChange={(e) => setKeys({ ...keys, [action]: e.target.value })}
                  >
                    <option value="">Off</option>
                    {"0123456789".split("").map((d) => (
                      <option key={d} value={d}>
                        {d}
                      </option>
                    ))}
                  </Select>
                </Field>
                {action === "sales" || action === "support" ? (
                  <Field
                    id={`menu-${action}-number`}
                    label={`${action === "sales" ? "Sales" : "Support"} number`}
                    error={err(`menu.${action}Number`)}
                  >
                    <Input
                      id={`menu-${action}-number`}
                      name={`menu.${action}Number`}
                      inputMode="tel"
                      placeholder="+14155550100"
                      value={action === "sales" ? sales : support}
                      onChange={(e) =>
                        action === "sales" ? setSales(e.target.value) : setSupport(e.target.value)
                      }
                      error={err(`menu.${action}Number`)}
                    />
                  </Field>
                ) : (
                  <span />
                )}
              </div>
            ))}
            <Field
              id="menu-timeout"
              label="Seconds to wait for a key"
              error={err("menu.timeoutSeconds")}
            >
              <Input
                id="menu-timeout"
                name="menu.timeoutSeconds"
                type="number"
                min={2}
                max={15}
                className="max-w-24"
                value={timeout}
                onChange={(e) => setTimeoutSeconds(e.target.value)}
                error={err("menu.timeoutSeconds")}
              />
            </Field>
          </fieldset>
        ) : null}
        <SaveRow
          status={status}
          formError={formError}
          label="Save phone settings"
          done={status === "saved" ? "Phone settings saved" : null}
        >
          {initial ? (
            <Button variant="danger" disabled={status === "saving"} onClick={remove}>
              Remove number
            </Button>
          ) : null}
        </SaveRow>
      </form>
    </SettingsCard>
  );
}
